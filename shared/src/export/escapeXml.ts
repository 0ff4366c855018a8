const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/**
 * Text as the content or a double-quoted attribute value of HTML or XML (the HTML and Word
 * exports): `& < > "` escaped, and the characters XML 1.0 cannot hold at all (C0 controls other
 * than tab, newline and carriage return; U+FFFE, U+FFFF) removed, since a Word file holding one
 * does not open.
 */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"]/g, (char) => ENTITIES[char]!)
  )
}
