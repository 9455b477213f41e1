package tds

// Collation is a 5-byte COLLATION (MS-TDS 2.2.5.1.2): a Windows locale
// (LCID) with comparison flags, or a SQL sort order (SortID).
type Collation [5]byte

// Collation flags.
const (
	collationUTF8 = 0x04000000
)

func (c Collation) info() uint32 { return le32(c[:4]) }

// LCID is the Windows locale identifier.
func (c Collation) LCID() uint32 { return c.info() & 0xFFFFF }

// SortID is the SQL sort order, 0 for Windows collations.
func (c Collation) SortID() uint8 { return c[4] }

// UTF8 reports a _UTF8 collation: char data is UTF-8.
func (c Collation) UTF8() bool { return c.info()&collationUTF8 != 0 }

// CodePage is the Windows code page of char data in this collation; 65001
// for UTF-8 collations and 0 when the collation has none (Unicode-only
// locales).
func (c Collation) CodePage() int {
	if c.UTF8() {
		return 65001
	}
	if id := c.SortID(); id != 0 {
		return sortOrderCodePage(id)
	}
	return lcidCodePage(c.LCID())
}

// sortOrderCodePage maps SQL sort orders (SQL_* collations) to code pages.
func sortOrderCodePage(id uint8) int {
	switch {
	case id >= 30 && id <= 34:
		return 437
	case id >= 40 && id <= 44, id == 49, id >= 55 && id <= 61:
		return 850
	case id >= 80 && id <= 96:
		return 1250
	case id >= 104 && id <= 108:
		return 1251
	case id >= 112 && id <= 124:
		return 1253
	case id >= 128 && id <= 130:
		return 1254
	case id >= 136 && id <= 138:
		return 1255
	case id >= 144 && id <= 146:
		return 1256
	case id >= 152 && id <= 160:
		return 1257
	}
	return 1252 // SQL_Latin1_General_CP1_* (51-54), the Scandinavian CP1 orders (183-186), others
}

// lcidCodePage maps a Windows locale to its ANSI code page, by primary
// language and, where scripts differ, by the whole identifier.
func lcidCodePage(lcid uint32) int {
	switch lcid & 0xFFFF {
	case 0x0404, 0x0C04, 0x1404: // Chinese (Taiwan, Hong Kong, Macao)
		return 950
	case 0x0804, 0x1004: // Chinese (PRC, Singapore)
		return 936
	case 0x081A, 0x141A, 0x101A, 0x041A, 0x0442: // Serbian/Bosnian (Latin), Croatian
		return 1250
	case 0x0C1A, 0x201A, 0x1C1A, 0x082C, 0x0843: // Serbian/Bosnian (Cyrillic), Azeri and Uzbek (Cyrillic)
		return 1251
	case 0x042C, 0x0443: // Azeri and Uzbek (Latin)
		return 1254
	}
	if cp, ok := languageCodePages[uint16(lcid&0x3FF)]; ok {
		return cp
	}
	return 0
}

// languageCodePages maps primary language identifiers to code pages.
var languageCodePages = map[uint16]int{
	0x01: 1256, 0x02: 1251, 0x03: 1252, 0x05: 1250, 0x06: 1252, 0x07: 1252, 0x08: 1253, 0x09: 1252,
	0x0A: 1252, 0x0B: 1252, 0x0C: 1252, 0x0D: 1255, 0x0E: 1250, 0x0F: 1252, 0x10: 1252, 0x11: 932,
	0x12: 949, 0x13: 1252, 0x14: 1252, 0x15: 1250, 0x16: 1252, 0x17: 1252, 0x18: 1250, 0x19: 1251,
	0x1B: 1250, 0x1C: 1250, 0x1D: 1252, 0x1E: 874, 0x1F: 1254, 0x20: 1256, 0x21: 1252, 0x22: 1251,
	0x23: 1251, 0x24: 1250, 0x25: 1257, 0x26: 1257, 0x27: 1257, 0x29: 1256, 0x2A: 1258, 0x2D: 1252,
	0x2F: 1251, 0x36: 1252, 0x38: 1252, 0x3E: 1252, 0x3F: 1251, 0x40: 1251, 0x41: 1252, 0x44: 1251,
	0x50: 1251, 0x52: 1252, 0x62: 1252, 0x6A: 1252, 0x6E: 1252, 0x80: 1256, 0x83: 1252, 0x86: 1252,
	0x87: 1252, 0x88: 1252, 0x8C: 1256, 0x91: 1252,
}
