/**
 * How many author styles there are (`.author-0` … `.author-5` in styles.css). Each pairs a
 * colour with its own underline style (solid, dashed, dotted, double, wavy, over- and
 * underline), so six writers stay apart without colour (WCAG 1.4.1, Use of Color); beyond six,
 * styles repeat and the name (title, caret readout, legend) tells writers apart.
 */
export const AUTHOR_STYLES = 6

/**
 * The style number of each author, in the order given (first seen first), cycling through
 * `AUTHOR_STYLES`: the same list gives the same styles in the legend and in the text.
 */
export function authorStyleIndex(names: Iterable<string>): Map<string, number> {
  const styles = new Map<string, number>()
  for (const name of names) {
    if (!styles.has(name)) styles.set(name, styles.size % AUTHOR_STYLES)
  }
  return styles
}

/** The class of an author's text: `author-run author-<n>`. */
export function authorClass(style: number): string {
  return `author-run author-${style}`
}
