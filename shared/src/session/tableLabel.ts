/**
 * A table's region where it says more than the table's name: a table named after its region
 * ("Europe", region Europe) shows its name once, never "Europe · Europe". Null otherwise.
 */
export function distinctRegion(table: {
  name: string
  region?: string | undefined
}): string | null {
  const region = table.region?.trim() ?? ''
  return region === '' || region === table.name.trim() ? null : region
}

/** `Beirut · Middle East`, or the name alone (see distinctRegion): a table in one line. */
export function tableTitle(table: { name: string; region?: string | undefined }): string {
  const region = distinctRegion(table)
  return region === null ? table.name : `${table.name} · ${region}`
}
