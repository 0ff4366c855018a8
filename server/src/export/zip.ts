import { crc32, deflateRawSync } from 'node:zlib'

/** DOS time 00:00 and date 1980-01-01, so the same document always gives the same bytes. */
const DOS_TIME = 0
const DOS_DATE = (0 << 9) | (1 << 5) | 1

/**
 * Writes the fields a file's local header and its central directory header share, in the same
 * order (APPNOTE.TXT 4.3.7 and 4.3.12), at `offset` of `header`: the flags (bit 11, UTF-8
 * names), the method (8, deflate), DOS time and date, CRC-32, compressed and uncompressed sizes
 * in bytes, and the name's length in bytes: 22 bytes.
 */
function writeEntryFields(
  header: Buffer,
  offset: number,
  entry: { checksum: number; packed: number; size: number; name: number },
): void {
  header.writeUInt16LE(0x0800, offset)
  header.writeUInt16LE(8, offset + 2)
  header.writeUInt16LE(DOS_TIME, offset + 4)
  header.writeUInt16LE(DOS_DATE, offset + 6)
  header.writeUInt32LE(entry.checksum, offset + 8)
  header.writeUInt32LE(entry.packed, offset + 12)
  header.writeUInt32LE(entry.size, offset + 16)
  header.writeUInt16LE(entry.name, offset + 20)
}

/** Builds a ZIP archive (deflated entries, UTF-8 names): what a DOCX file is. */
export function createZip(
  files: ReadonlyArray<{ name: string; data: string | Uint8Array }>,
): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8')
    const data =
      typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data)
    const packed = deflateRawSync(data)
    const checksum = crc32(data)
    const entry = { checksum, packed: packed.length, size: data.length, name: name.length }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    writeEntryFields(local, 6, entry)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    writeEntryFields(central, 8, entry)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, packed)
    centrals.push(central, name)
    offset += local.length + name.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}
