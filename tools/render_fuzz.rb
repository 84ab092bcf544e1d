# Writes 200 random Markdown pages (seeded) built from the line shapes where kramdown and
# cmark disagree about structure, each with random trailing blanks, to look for
# whitespace fixes that change rendering:
#   ruby tools/render_fuzz.rb DIR SEED && cp -r DIR AFTER &&
#   (cd AFTER && kempt fix --skip mojibake,placeholders --format json . > FIX.json);
#   ruby tools/check_sites.rb sites build/tests/kempt_site_reader DIR AFTER FIX.json
# Known differences left (kramdown only): blanks inside a <pre> that raw HTML opens and
# never closes, an indented code block that kramdown starts right after an IAL line,
# blank lines at the end of a file inside an unclosed raw element.
seed = (ARGV[1] || 1).to_i
srand(seed)
dir = ARGV[0]
SHAPES = [
  'Some text', 'more words here', '- item', '* star item', '+ plus', '1. first', '2. second', '10. ten',
  '  - nested', '    indented four', '> quote', '> - quoted item', '>', '# Heading', '## Sub', ' # spaced',
  '===', '---', '***', '___', '- - -', '| a | b |', '|---|---|', 'a | b', '<div>', '</div>', '<div markdown="1">',
  '<img src="x.png">', '<a href="y">link</a>', '<span>s</span>', '<!-- note -->', '<script>x</script>',
  '<br>', '<p>para</p>', '```', '~~~', '{: .cls}', ': definition', '[^1]: foot', '[ref]: http://x.org',
  '$$', 'a = b', '{% include x.html %}', '{% highlight ruby %}', '{% endhighlight %}', 'text\\', 'C:\\',
  '^', '-', '1.', '#', '<pre>', '</pre>', 'Term', '<details>', '<summary>S</summary>', '</details>', '    code',
  "\ttabbed", '<?php ?>', '<table>', '<tr><td>c</td></tr>', '</table>', '- [ ] task', '1)', '- a  b'
]
TRAIL = ['', '', '', ' ', '  ', '   ', "\t", " \t", "\t  ", '    ']
200.times do |n|
  lines = Array.new(rand(2..12)) do
    r = rand
    if r < 0.15 then ' ' * rand(0..4) # blank or spaces-only line
    else SHAPES.sample + TRAIL.sample
    end
  end
  File.write(File.join(dir, format('p%03d.md', n)), lines.join("\n") + "\n")
end
