# Compares texts before and after kempt the way a site's own tools read them: front
# matter and YAML files with Ruby's Psych (Jekyll's loader) and with yaml-cpp, Markdown
# pages rendered by kramdown's GFM parser under Jekyll's defaults and by cmark-gfm under
# GitHub's extensions (yaml-cpp, toml++ and cmark-gfm through kempt_site_reader). One Ruby
# process and one reader process for every file.
#
#   ruby check_sites.rb sites READER BEFORE_DIR AFTER_DIR FIX_JSON
#       every file of BEFORE_DIR against AFTER_DIR after `kempt fix --format json`
#   ruby check_sites.rb pairs READER CASE_DIR...
#       each CASE_DIR's input.* against its expected.* (hand-written fixture pairs); a
#       folder without input.* stands for the case folders in it
#
# Prints figures and every failure; exits 1 when a check failed.
require 'json'
require 'open3'
require 'psych'
require 'date'
require 'kramdown'
require 'kramdown-parser-gfm'
begin
  require 'tomlrb'
rescue LoadError
  nil
end

# Jekyll 4's kramdown defaults (Jekyll::Configuration::DEFAULTS: input GFM, hard_wrap
# false, auto_ids, ...); kramdown-parser-gfm's default gfm_quirks (paragraph_end) as on
# GitHub Pages. No syntax highlighter: it would be the same on both sides.
KRAMDOWN_OPTIONS = {
  input: 'GFM', hard_wrap: false, auto_ids: true, toc_levels: (1..6).to_a,
  entity_output: :as_char, smart_quotes: %w[lsquo rsquo ldquo rdquo], footnote_nr: 1,
  show_warnings: false, guess_lang: true, syntax_highlighter: nil
}.freeze
MARKDOWN_EXT = %w[.md .markdown .mkdown .mkdn .mkd].freeze
YAML_EXT = %w[.yml .yaml].freeze
# Jekyll's own front matter pattern (Jekyll::Document::YAML_FRONT_MATTER_REGEXP), and
# Hugo's TOML fence in the same shape.
YAML_FRONT_MATTER = /\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)/m.freeze
TOML_FRONT_MATTER = /\A(\+\+\+\s*\n.*?\n?)^(\+\+\+\s*$\n?)/m.freeze
# The passes whose changes must leave the rendering alone.
LAYOUT_PASSES = %w[whitespace frontmatter encoding].freeze
# Front matter repairs that change a value on purpose (a date made ISO, a quoted value).
VALUE_REPAIRS = %w[frontmatter/date frontmatter/quote].freeze

def read_text(path, encoding = 'UTF-8')
  bytes = File.binread(path)
  text = encoding.to_s.empty? || encoding.casecmp?('UTF-8') ? bytes.force_encoding('UTF-8') : to_utf8(bytes, encoding)
  text.scrub.delete_prefix("\uFEFF") # Jekyll reads with bom|utf-8
end

# Ruby's converters first; glibc's iconv for those Ruby lacks (WINDOWS-1258, MAC-CENTRALEUROPE).
def to_utf8(bytes, encoding)
  bytes.dup.force_encoding(Encoding.find(encoding)).encode('UTF-8', invalid: :replace, undef: :replace)
rescue ArgumentError, Encoding::ConverterNotFoundError
  out, status = Open3.capture2('iconv', '-f', encoding, '-t', 'UTF-8', stdin_data: bytes, binmode: true)
  raise "cannot decode #{encoding}" unless status.success?

  out.force_encoding('UTF-8')
end

# [syntax, front matter text, body] as Jekyll (Hugo for TOML) splits a page.
def split_page(text)
  if (m = YAML_FRONT_MATTER.match(text)) then [:yaml, m[1].sub(/\A---\s*\n/, ''), m.post_match]
  elsif (m = TOML_FRONT_MATTER.match(text)) then [:toml, m[1].sub(/\A\+\+\+\s*\n/, ''), m.post_match]
  else [nil, nil, text]
  end
end

def psych_values(kind, text)
  if kind == :toml
    return [:skipped, 'no Ruby TOML reader (ruby-tomlrb)'] unless defined?(Tomlrb)

    return [:ok, Tomlrb.parse(text)]
  end
  [:ok, Psych.safe_load(text, permitted_classes: [Date, Time, Symbol], aliases: true)]
rescue StandardError, Psych::Exception => e
  [:error, e.message.lines.first.to_s.strip]
end

def kramdown_html(body)
  Kramdown::Document.new(body, KRAMDOWN_OPTIONS).to_html
rescue StandardError => e
  "kramdown error: #{e.class}: #{e.message}"
end

# Outside <pre>/<textarea>, the blank space a browser collapses (CSS white-space: normal):
# a run of blanks is one space, a run with a line break one line break (raw HTML keeps a
# line's trailing blanks, kramdown writes an empty line for a blank line left at the end
# of the source), and blanks at the end of a block's text are not shown.
BLOCK_END = %r{[ \t\n]+(?=</(?:p|li|dt|dd|h[1-6]|td|th|blockquote)>)}.freeze
def collapsed(html)
  html.split(%r{(<(?:pre|textarea)\b.*?</(?:pre|textarea)>)}mi).each_with_index.map do |part, i|
    i.odd? ? part : part.gsub(/[ \t]*\n[ \t\n]*/, "\n").gsub(/[ \t]+/, ' ').gsub(BLOCK_END, '')
  end.join.strip
end

def compare_html(before, after)
  return :identical if before == after
  return :collapsed_same if collapsed(before) == collapsed(after)

  :different
end

def first_difference(a, b)
  al = collapsed(a).lines
  bl = collapsed(b).lines
  i = 0
  i += 1 while i < al.size && i < bl.size && al[i] == bl[i]
  "      before: #{al[i].inspect[0, 300]}\n      after:  #{bl[i].inspect[0, 300]}"
end

def top_level_differences(a, b)
  return ['(whole value)'] unless a.is_a?(Hash) && b.is_a?(Hash)

  (a.keys | b.keys).reject { |k| a[k] == b[k] }.map { |k| "#{k}: #{a[k].inspect[0, 120]} -> #{b[k].inspect[0, 120]}" }
end

# Runs kempt_site_reader once over every [kind, text]; returns [state, result] pairs.
def read_all(reader, jobs)
  return [] if jobs.empty?

  input = +''.b
  jobs.each_with_index { |(kind, text), i| input << "#{kind} #{i} #{text.bytesize}\n".b << text.b }
  out, status = Open3.capture2(reader, stdin_data: input, binmode: true)
  abort "#{reader} failed: #{status}" unless status.success?
  results = []
  pos = 0
  while (eol = out.index("\n", pos))
    _label, state, size = out[pos...eol].split(' ')
    results << [state, out[eol + 1, size.to_i].force_encoding('UTF-8')]
    pos = eol + 1 + size.to_i + 1
  end
  results
end

# One before/after pair of texts and what to compare in it.
Pair = Struct.new(:label, :ext, :before, :after, :rules, :render, keyword_init: true)

class Checker
  attr_reader :failures, :figures, :repaired

  def initialize(reader)
    @reader = reader
    @failures = []
    @repaired = []
    @figures = Hash.new(0)
  end

  def run(pairs)
    cpp_jobs = []
    checks = pairs.map { |pair| check_pair(pair, cpp_jobs) }
    results = read_all(@reader, cpp_jobs.map { |job| job[:job] })
    cpp_jobs.each_with_index { |job, i| job[:result] = results[i] }
    checks.each { |check| check&.call(cpp_jobs) }
  end

  private

  # Checks what Ruby reads now; returns a closure for the C++ readers' results.
  def check_pair(pair, cpp_jobs)
    kind, before_fm, before_body = split_page(pair.before)
    after_kind, after_fm, after_body = split_page(pair.after)
    if YAML_EXT.include?(pair.ext)
      kind, before_fm, after_kind, after_fm = :yaml, pair.before, :yaml, pair.after
    elsif pair.ext == '.toml' # Hugo's config
      kind, before_fm, after_kind, after_fm = :toml, pair.before, :toml, pair.after
    end
    jobs = {}
    if kind && check_values_psych(pair, kind, before_fm, after_kind == kind ? after_fm : nil)
      jobs[:values] = [cpp_jobs.size, cpp_jobs.size + 1]
      cpp_jobs << { job: [kind, before_fm] } << { job: [kind, after_kind == kind ? after_fm : ''] }
    end
    if pair.render && MARKDOWN_EXT.include?(pair.ext)
      @figures[:pages_compared] += 1
      compare_render(pair, :kramdown, kramdown_html(before_body), kramdown_html(after_body))
      jobs[:cmark] = [cpp_jobs.size, cpp_jobs.size + 1]
      cpp_jobs << { job: ['cmark', before_body] } << { job: ['cmark', after_body] }
    end
    lambda do |done|
      if (b, a = jobs[:values])
        check_values_cpp(pair, done[b][:result], done[a][:result])
      end
      if (b, a = jobs[:cmark])
        compare_render(pair, :cmark, done[b][:result].last, done[a][:result].last)
      end
    end
  end

  # True when the before side parsed, so that the C++ readers should compare it too.
  def check_values_psych(pair, kind, before_text, after_text)
    status, before_values = psych_values(kind, before_text)
    @figures[:values_skipped] += 1 if status == :skipped
    return false unless status == :ok

    @figures[:values_compared] += 1
    status_after, after_values = after_text ? psych_values(kind, after_text) : [:error, 'front matter gone']
    if status_after != :ok
      @failures << "#{pair.label}: parsed before, not after (Psych): #{after_values}"
    elsif before_values == after_values
      @figures[:values_same] += 1
    elsif (pair.rules & VALUE_REPAIRS).any?
      @repaired << "#{pair.label} (Psych): #{top_level_differences(before_values, after_values).join('; ')}"
    else
      @failures << "#{pair.label}: values changed (Psych): #{top_level_differences(before_values, after_values).join('; ')}"
    end
    true
  end

  def check_values_cpp(pair, before, after)
    @figures[:cpp_values_compared] += 1
    if before.first != 'ok'
      @figures[:cpp_values_unparsed_before] += 1
    elsif after.first != 'ok'
      @failures << "#{pair.label}: parsed before, not after (yaml-cpp/toml++): #{after.last}"
    elsif before.last == after.last
      @figures[:cpp_values_same] += 1
    elsif (pair.rules & VALUE_REPAIRS).any?
      @repaired << "#{pair.label} (yaml-cpp): #{before.last[0, 200]} -> #{after.last[0, 200]}"
    else
      @failures << "#{pair.label}: values changed (yaml-cpp/toml++):\n      before: #{before.last[0, 300]}\n" \
                   "      after:  #{after.last[0, 300]}"
    end
  end

  def compare_render(pair, renderer, before, after)
    verdict = compare_html(before, after)
    @figures[:"#{renderer}_#{verdict}"] += 1
    return unless verdict == :different

    @failures << "#{pair.label}: #{renderer} HTML changed\n#{first_difference(before, after)}"
  end
end

def print_figures(checker, extra = [])
  f = checker.figures
  extra.each { |line| puts line }
  puts "front matters and YAML/TOML files among the changed files, compared (Psych, Tomlrb): #{f[:values_compared]}, same values: #{f[:values_same]}" \
       "#{f[:values_skipped].positive? ? ", TOML not compared (no ruby-tomlrb): #{f[:values_skipped]}" : ''}"
  puts "  the same texts with yaml-cpp/toml++: #{f[:cpp_values_compared]}, same values: #{f[:cpp_values_same]}" \
       "#{f[:cpp_values_unparsed_before].positive? ? ", not parsed before by yaml-cpp: #{f[:cpp_values_unparsed_before]}" : ''}"
  puts "  values changed by a reported repair (#{VALUE_REPAIRS.join(', ')}): #{checker.repaired.size}"
  checker.repaired.each { |r| puts "    #{r}" }
  puts "Markdown pages render-compared: #{f[:pages_compared]}"
  %i[kramdown cmark].each do |r|
    puts "  #{r}: render-identical #{f[:"#{r}_identical"] + f[:"#{r}_collapsed_same"]} " \
         "(byte-identical #{f[:"#{r}_identical"]}, identical once blank space a browser collapses is " \
         "collapsed #{f[:"#{r}_collapsed_same"]}), different #{f[:"#{r}_different"]}"
  end
  if checker.failures.empty?
    puts 'values and rendering: no failure'
  else
    puts "FAILURES (#{checker.failures.size}):"
    checker.failures.each { |x| puts "  #{x}" }
  end
end

def sites_mode(reader, before_dir, after_dir, fix_json)
  file_info = {}
  JSON.parse(File.read(fix_json))['files'].each do |f|
    file_info[f['path'].sub(%r{\A\./}, '')] = {
      passes: f['findings'].select { |x| x['fixed'] }.map { |x| x['pass'] }.uniq,
      rules: f['findings'].map { |x| x['rule'] }.uniq, encoding: f['encoding']
    }
  end
  counts = Hash.new(0)
  by_pass = Hash.new(0)
  pairs = []
  other_pages = []
  Dir.chdir(before_dir) { Dir.glob('**/*', File::FNM_DOTMATCH) }.sort.each do |rel|
    before_path = File.join(before_dir, rel)
    after_path = File.join(after_dir, rel)
    next unless File.file?(before_path) && !File.symlink?(before_path)

    counts[:files] += 1
    next if File.exist?(after_path) && File.binread(before_path) == File.binread(after_path)

    counts[:changed] += 1
    info = file_info[rel] || { passes: [], rules: [], encoding: '' }
    info[:passes].each { |p| by_pass[p] += 1 }
    next counts[:deleted] += 1 unless File.exist?(after_path)

    ext = File.extname(rel).downcase
    layout_only = (info[:passes] - LAYOUT_PASSES).empty?
    if MARKDOWN_EXT.include?(ext) && !layout_only
      counts[:pages_other_passes] += 1
      other_pages << "#{rel} (#{info[:passes].join(', ')})"
    end
    pairs << Pair.new(label: rel, ext: ext, before: read_text(before_path, info[:encoding]),
                      after: read_text(after_path), rules: info[:rules], render: layout_only)
  end
  checker = Checker.new(reader)
  checker.run(pairs)
  print_figures(checker, [
                  "files: #{counts[:files]}, changed by fix: #{counts[:changed]} (deleted: #{counts[:deleted]})",
                  "files changed per pass: #{by_pass.sort.map { |p, n| "#{p} #{n}" }.join(', ')}",
                  "changed Markdown pages left out of the render comparison (changed by mojibake or " \
                  "placeholders too): #{counts[:pages_other_passes]}",
                  *other_pages.map { |p| "  #{p}" }
                ])
  checker.failures.empty?
end

def pairs_mode(reader, dirs)
  # A folder of cases (fixtures/whitespace) stands for each case in it.
  cases = dirs.flat_map { |d| Dir.glob(File.join(d, 'input.*')).empty? ? Dir.glob(File.join(d, '*/')).sort : [d] }
  pairs = cases.filter_map do |dir|
    input = Dir.glob(File.join(dir, 'input.*')).first
    expected = Dir.glob(File.join(dir, 'expected.*')).first
    next unless input && expected

    Pair.new(label: File.basename(dir.chomp('/')), ext: File.extname(input).downcase, before: read_text(input),
             after: read_text(expected), rules: [], render: true)
  end
  checker = Checker.new(reader)
  checker.run(pairs)
  print_figures(checker, ["fixture pairs: #{pairs.size}"])
  checker.failures.empty?
end

mode, reader, *rest = ARGV
ok = case mode
     when 'sites' then rest.size == 3 && sites_mode(reader, *rest)
     when 'pairs' then pairs_mode(reader, rest)
     else abort 'usage: check_sites.rb sites READER BEFORE AFTER FIX_JSON | pairs READER CASE_DIR...'
     end
exit(ok ? 0 : 1)
