# fish completion for kempt(1) (installed to share/fish/vendor_completions.d).
set -l commands fix check text cv help
set -l passes encoding mojibake frontmatter placeholders whitespace

complete -c kempt -f
complete -c kempt -n "not __fish_seen_subcommand_from $commands" -a fix -d 'Fix files in place'
complete -c kempt -n "not __fish_seen_subcommand_from $commands" -a check -d 'Report findings only; never writes'
complete -c kempt -n "not __fish_seen_subcommand_from $commands" -a text -d 'Repair mojibake in stdin, write to stdout'
complete -c kempt -n "not __fish_seen_subcommand_from $commands" -a cv -d 'Convert a CV to Markdown'
complete -c kempt -n "not __fish_seen_subcommand_from $commands" -a help -d 'Show help for a command'
complete -c kempt -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'
complete -c kempt -l help -s h -d 'Show help'
complete -c kempt -n "__fish_seen_subcommand_from help" -a "$commands"

# fix and check
set -l fc "__fish_seen_subcommand_from fix check"
complete -c kempt -n $fc -F
complete -c kempt -n $fc -l only -x -a "(__fish_append , $passes)" -d 'Run only these passes'
complete -c kempt -n $fc -l skip -x -a "(__fish_append , $passes)" -d 'Skip these passes'
complete -c kempt -n $fc -l format -x -a 'text json github sarif' -d 'Output format'
complete -c kempt -n $fc -s j -l jobs -x -d 'Files processed in parallel'
complete -c kempt -n $fc -l include -x -d 'Also treat files matching GLOB as text'
complete -c kempt -n $fc -l exclude -x -d 'Leave out files or folders matching GLOB'
complete -c kempt -n $fc -l color -x -a 'auto always never' -d 'Colour output'
complete -c kempt -n $fc -s q -l quiet -d 'No summary line'
complete -c kempt -n $fc -l stdin-filename -r -F -d 'With path -: the path stdin stands for'
complete -c kempt -n $fc -l config -r -F -d 'Settings file'
set -l f "__fish_seen_subcommand_from fix"
complete -c kempt -n $f -l check -d 'Write nothing; exit 1 if a file would change'
complete -c kempt -n $f -l diff -d 'Write nothing; print a unified diff'
complete -c kempt -n $f -l jsonl -d 'Records {path, content} a line on stdin; each fixed a line on stdout'
complete -c kempt -n $f -l aggressive -d 'Also remove placeholder links and images'
complete -c kempt -n $f -l delete-sample-files -d "Delete files wholly a template's sample"

# text
set -l t "__fish_seen_subcommand_from text"
complete -c kempt -n $t -l jsonl -d 'One JSON string a line'
complete -c kempt -n $t -l explain -d 'Print each repair to stderr'
complete -c kempt -n $t -l fold-ligatures -d 'Write every Latin ligature as its letters'
complete -c kempt -n $t -l mark-lost -d 'Write U+FFFD for each lost byte'

# cv
set -l c "__fish_seen_subcommand_from cv"
complete -c kempt -n $c -F
complete -c kempt -n $c -s o -l output -r -F -d 'Write the Markdown here'
complete -c kempt -n $c -l name -x -d "The CV's owner, bolded in publications"
complete -c kempt -n $c -l front-matter -d 'Add academicpages front matter'
complete -c kempt -n $c -l explain -d 'List removed page furniture on stderr'
