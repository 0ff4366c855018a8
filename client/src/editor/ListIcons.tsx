/*
 * The list buttons' faces, drawn rather than written: a visible "1." would be text that the
 * button's name must then contain (WCAG 2.5.3). Bullets and numbers sit where the reading
 * direction starts, but the digits themselves are never mirrored.
 */

interface IconProps {
  /** The page reads right to left: markers on the right. */
  rightToLeft: boolean
}

const SIZE = 20
const LINES_Y = [4, 10.5, 17]

/** The three lines of text beside the markers, from the end of the markers' column. */
function Lines({ rightToLeft }: IconProps) {
  const [from, to] = rightToLeft ? [2, 11.5] : [8.5, 18]
  return (
    <path
      d={LINES_Y.map((y) => `M${from} ${y}H${to}`).join('')}
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
    />
  )
}

/** A bulleted list: three round dots, each before a line. */
export function BulletListIcon({ rightToLeft }: IconProps) {
  const x = rightToLeft ? SIZE - 4 : 4
  return (
    <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} aria-hidden="true">
      {LINES_Y.map((y) => (
        <circle key={y} cx={x} cy={y} r="1.9" fill="currentColor" />
      ))}
      <Lines rightToLeft={rightToLeft} />
    </svg>
  )
}

/** A numbered list: the digits 1, 2 and 3 drawn as strokes, each before a line. */
export function OrderedListIcon({ rightToLeft }: IconProps) {
  return (
    <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} aria-hidden="true">
      <g
        transform={rightToLeft ? 'translate(13 0)' : undefined}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M2.6 2.6L4.3 1.4V6.6" />
        <path d="M2.4 8.9C2.6 7.4 5.6 7.4 5.6 9C5.6 10.3 2.6 11.2 2.4 13H5.8" />
        <path d="M2.5 14.6H5.6L3.9 16.4C5.9 16.3 6.1 19.4 4 19.4C3.3 19.4 2.8 19.1 2.5 18.7" />
      </g>
      <Lines rightToLeft={rightToLeft} />
    </svg>
  )
}
