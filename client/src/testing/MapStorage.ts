/**
 * localStorage's interface over a Map, for the logic tests: Node has no localStorage; Chromium
 * runs the real one in tests/e2e. `failWrites` makes it behave like a full storage.
 */
export class MapStorage implements Storage {
  private readonly items = new Map<string, string>()
  failWrites = false
  get length() {
    return this.items.size
  }
  clear() {
    this.items.clear()
  }
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null
  }
  removeItem(key: string) {
    this.items.delete(key)
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException('full', 'QuotaExceededError')
    this.items.set(key, value)
  }
}
