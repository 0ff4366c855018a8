import { authorClass } from './authorStyles.js'

interface AuthorLegendProps {
  /** Each writer's name and style number (authorStyleIndex), in the order to list them. */
  writers: ReadonlyArray<readonly [name: string, style: number]>
  /** The list's accessible name. */
  label: string
  /** The element each name is written in: `ins` where the marked text is inserted text. */
  as?: 'ins' | 'span'
}

/**
 * Each writer's name written in their author style, so a reader can tell whose the marked text
 * is without telling colours apart. Nothing when there are no writers.
 */
export function AuthorLegend({ writers, label, as: Name = 'span' }: AuthorLegendProps) {
  if (writers.length === 0) return null
  return (
    <ul className="author-legend" aria-label={label}>
      {writers.map(([name, style]) => (
        <li key={name}>
          <Name className={authorClass(style)} dir="auto">
            {name}
          </Name>
        </li>
      ))}
    </ul>
  )
}
