import {
  type Block,
  ENGLISH_EXPORT_WORDS,
  type ExportWords,
  isRightToLeft,
  isRightToLeftLanguage,
  markedLanguage,
  type Run,
  readNotes,
  safeHref,
  escapeXml as xmlText,
} from '@tablenotes/shared'
import type * as Y from 'yjs'
import { tableXml } from './tableXml.js'
import { createZip } from './zip.js'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** Collects what document.xml refers to: hyperlink targets and numbered lists. */
class Parts {
  readonly links: string[] = []

  constructor(
    /** The document's language; paragraphs in another are marked with theirs. */
    readonly language: string,
  ) {}

  /** Each ordered list's numbering instance id and the number it starts from. */
  readonly orderedLists: { id: number; start: number }[] = []

  linkId(href: string): string {
    this.links.push(href)
    return `rIdLink${this.links.length}`
  }

  /** A new numbering instance, so each ordered list counts from its own start. */
  orderedList(start: number): number {
    const id = 3 + this.orderedLists.length
    this.orderedLists.push({ id, start })
    return id
  }
}

/** A run's language for spell checking and screen readers, in the slot its direction reads. */
function languageXml(language: string | undefined, rtl: boolean): string {
  if (!language) return ''
  return rtl ? `<w:lang w:bidi="${xmlText(language)}"/>` : `<w:lang w:val="${xmlText(language)}"/>`
}

function runXml(run: Run, rtl: boolean, language: string | undefined, parts: Parts): string {
  const props = [
    run.bold ? '<w:b/><w:bCs/>' : '',
    run.italic ? '<w:i/><w:iCs/>' : '',
    run.strike ? '<w:strike/>' : '',
    run.code ? '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>' : '',
    run.href ? '<w:rStyle w:val="Hyperlink"/>' : '',
    rtl ? '<w:rtl/>' : '',
    languageXml(language, rtl),
  ].join('')
  const text = `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${run.breakBefore ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(run.text)}</w:t></w:r>`
  const href = run.href ? safeHref(run.href) : null
  return href ? `<w:hyperlink r:id="${parts.linkId(href)}">${text}</w:hyperlink>` : text
}

function paragraphXml(runs: readonly Run[], properties: string, parts: Parts): string {
  const text = runs.map((run) => run.text).join('')
  const rtl = isRightToLeft(text)
  const language = markedLanguage(text, parts.language)
  // A right-to-left paragraph also sits at the right: without `w:jc` Word's readers (LibreOffice
  // among them) align it left. ECMA-376 orders bidi before jc in the paragraph's properties.
  const pPr = `${properties}${rtl ? '<w:bidi/><w:jc w:val="right"/>' : ''}`
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${runs.map((run) => runXml(run, rtl, language, parts)).join('')}</w:p>`
}

function blockXml(
  block: Block,
  parts: Parts,
  list: { numId: number; level: number } | null,
  quote: boolean,
): string {
  const numbering = list
    ? `<w:numPr><w:ilvl w:val="${list.level}"/><w:numId w:val="${list.numId}"/></w:numPr>`
    : ''
  const style = (name: string) => `<w:pStyle w:val="${name}"/>`
  switch (block.type) {
    case 'heading':
      return paragraphXml(block.runs, style(`Heading${Math.min(block.level, 6)}`), parts)
    case 'paragraph':
      return paragraphXml(block.runs, `${quote ? style('Quote') : ''}${numbering}`, parts)
    case 'list': {
      const numId = block.ordered ? parts.orderedList(block.start) : 1
      const level = list ? Math.min(list.level + 1, 8) : 0
      return block.items
        .map((item) =>
          item
            .map((inner, index) =>
              // Only an item's first paragraph carries the bullet; the rest continue under it.
              blockXml(
                inner,
                parts,
                index === 0 || inner.type === 'list' ? { numId, level } : null,
                quote,
              ),
            )
            .join(''),
        )
        .join('')
    }
    case 'quote':
      return block.blocks.map((inner) => blockXml(inner, parts, list, true)).join('')
    case 'code':
      return paragraphXml(
        block.text
          .split('\n')
          .map((line, index) => ({ text: line, code: true, breakBefore: index > 0 })),
        style('Code'),
        parts,
      )
    case 'rule':
      return '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr></w:pPr></w:p>'
    case 'table':
      return tableXml(block.rows, parts.language, (blocks) =>
        blocks.map((inner) => blockXml(inner, parts, null, false)).join(''),
      )
  }
}

const HEADING_SIZES = [36, 30, 26, 24, 22, 22]

/** Styles, with the document's language as the default of its direction's slot. */
const stylesXml = (language: string) => {
  const [latin, bidi] = isRightToLeftLanguage(language) ? ['en-GB', language] : [language, 'ar-SA']
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="${xmlText(latin)}" w:bidi="${xmlText(bidi)}"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
${HEADING_SIZES.map(
  (size, index) =>
    `<w:style w:type="paragraph" w:styleId="Heading${index + 1}"><w:name w:val="heading ${index + 1}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="${index}"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr></w:style>`,
).join('\n')}
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Code"><w:name w:val="Code"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>`
}

function levels(format: 'bullet' | 'decimal'): string {
  return Array.from({ length: 9 }, (_, level) => {
    const text = format === 'bullet' ? ['•', '◦', '▪'][level % 3] : `%${level + 1}.`
    return `<w:lvl w:ilvl="${level}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="${720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>`
  }).join('')
}

function numberingXml(parts: Parts): string {
  const ordered = parts.orderedLists
    .map(
      ({ id, start }) =>
        `<w:num w:numId="${id}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="${start}"/></w:lvlOverride></w:num>`,
    )
    .join('')
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>${levels('bullet')}</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>${levels('decimal')}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>${ordered}
</w:numbering>`
}

/**
 * A table's notes or a synthesis as a Word document: real heading styles (so Word's navigation
 * and table of contents work), lists, emphasis, links, and right-to-left paragraphs marked as
 * such. Opens in Word and LibreOffice; the same document always gives the same bytes.
 */
export function notesToDocx(
  doc: Y.Doc,
  {
    language = 'en',
    words = ENGLISH_EXPORT_WORDS,
  }: { language?: string; words?: ExportWords } = {},
): Buffer {
  const parts = new Parts(language)
  const body = readNotes(doc, words)
    .map((block) => blockXml(block, parts, null, false))
    .join('')
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>`
  const relationships = [
    `<Relationship Id="rIdStyles" Type="${R}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdNumbering" Type="${R}/numbering" Target="numbering.xml"/>`,
    ...parts.links.map(
      (href, index) =>
        `<Relationship Id="rIdLink${index + 1}" Type="${R}/hyperlink" Target="${xmlText(href)}" TargetMode="External"/>`,
    ),
  ]
  return createZip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdDocument" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    { name: 'word/document.xml', data: document },
    { name: 'word/styles.xml', data: stylesXml(language) },
    { name: 'word/numbering.xml', data: numberingXml(parts) },
    {
      name: 'word/_rels/document.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join('')}</Relationships>`,
    },
  ])
}
