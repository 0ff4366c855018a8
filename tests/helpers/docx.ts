import { execFileSync } from 'node:child_process'

/** One paragraph of a DOCX as Word reads it: its text and the direction and language marks. */
export interface DocxParagraph {
  text: string
  /** `<w:bidi/>` in the paragraph's properties: laid out right to left. */
  bidi: boolean
  /** Whether every run with text has `<w:rtl/>`. */
  rtlRuns: boolean
  /** The runs' `w:lang` marks, as `val:en` or `bidi:ar`. */
  languages: string[]
  /** The paragraph's own `<w:jc w:val>` (`right`, `both`...), or null when it sets none. */
  align: string | null
  /** The paragraph style's id (`<w:pStyle w:val>`), or null for Normal. */
  style: string | null
}

/** One cell of a DOCX table: its text, the grid columns it spans, its vertical merge. */
export interface DocxCell {
  text: string
  span: number
  /** `<w:vMerge>`: `restart` starts a cell spanning rows, `continue` is its part in a row below. */
  merge: 'restart' | 'continue' | null
}

/** One table row; `header` when it repeats as a header row (`<w:tblHeader/>`). */
export interface DocxRow {
  header: boolean
  cells: DocxCell[]
}

export interface DocxContents {
  text: string
  xml: string
  rels: string
  styles: string
  paragraphs: DocxParagraph[]
  /** Every table, nested ones too, in document order, as its rows. */
  tables: DocxRow[][]
}

/** Reads a DOCX with Python's zipfile and minidom, an implementation independent of ours. */
export function readDocx(file: string): DocxContents {
  const script = `
import json, sys, zipfile
from xml.dom import minidom
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for name in z.namelist():
    if name.endswith('.xml') or name.endswith('.rels'):
        minidom.parseString(z.read(name))
xml = z.read('word/document.xml').decode('utf-8')
doc = minidom.parseString(xml)
def children(node, name):
    return [child for child in node.childNodes if child.nodeName == name]
def own(p, name):
    # A property of the paragraph itself, not of one nested in it (a table's cell paragraphs).
    props = children(p, 'w:pPr')
    found = children(props[0], name) if props else []
    return found[0].getAttribute('w:val') if found else None
paragraphs = []
for p in doc.getElementsByTagName('w:p'):
    runs = [r for r in p.getElementsByTagName('w:r') if r.getElementsByTagName('w:t')]
    languages = []
    for r in runs:
        for lang in r.getElementsByTagName('w:lang'):
            for slot in ('w:val', 'w:bidi'):
                if lang.hasAttribute(slot):
                    languages.append(slot[2:] + ':' + lang.getAttribute(slot))
    paragraphs.append({
        'text': ''.join(t.firstChild.data if t.firstChild else '' for t in p.getElementsByTagName('w:t')),
        'bidi': len(p.getElementsByTagName('w:bidi')) > 0,
        'rtlRuns': len(runs) > 0 and all(r.getElementsByTagName('w:rtl') for r in runs),
        'languages': sorted(set(languages)),
        'align': own(p, 'w:jc'),
        'style': own(p, 'w:pStyle'),
    })
def text_of(node):
    return ''.join(t.firstChild.data if t.firstChild else '' for t in node.getElementsByTagName('w:t'))
def cell(tc):
    props = children(tc, 'w:tcPr')
    spans = children(props[0], 'w:gridSpan') if props else []
    merges = children(props[0], 'w:vMerge') if props else []
    return {
        'text': text_of(tc),
        'span': int(spans[0].getAttribute('w:val')) if spans else 1,
        'merge': (merges[0].getAttribute('w:val') or 'continue') if merges else None,
    }
tables = [
    [
        {
            'header': any(p.getElementsByTagName('w:tblHeader') for p in children(tr, 'w:trPr')),
            'cells': [cell(tc) for tc in children(tr, 'w:tc')],
        }
        for tr in children(tbl, 'w:tr')
    ]
    for tbl in doc.getElementsByTagName('w:tbl')
]
print(json.dumps({
    'text': '\\n'.join(p['text'] for p in paragraphs),
    'xml': xml,
    'rels': z.read('word/_rels/document.xml.rels').decode('utf-8'),
    'styles': z.read('word/styles.xml').decode('utf-8'),
    'paragraphs': paragraphs,
    'tables': tables,
}))
`
  let output: string
  try {
    output = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new Error(
      'python3 is missing: apt-get install python3 (bash scripts/test.sh installs it)',
    )
  }
  return JSON.parse(output)
}
