package tds

import (
	"fmt"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// BulkLoad is a decoded bulk-load (BCP) message.
type BulkLoad struct {
	Columns []sqltype.Column
	Rows    [][]any
}

// ParseBulkLoad decodes a bulk-load message: COLMETADATA, ROW tokens and an
// optional DONE. The table name of text, ntext and image columns is read
// as MS-TDS writes it (a part count and parts) or, failing that, as a
// single US_VARCHAR as some clients (go-mssqldb) write it.
func ParseBulkLoad(b []byte) (*BulkLoad, error) {
	bl, err := parseBulkLoad(b, false)
	if err != nil {
		if alt, err2 := parseBulkLoad(b, true); err2 == nil {
			return alt, nil
		}
	}
	return bl, err
}

func parseBulkLoad(b []byte, legacyTableName bool) (*BulkLoad, error) {
	c := NewCursor(b)
	if tok := c.Byte(); tok != TokenColMetadata {
		return nil, fmt.Errorf("tds: bulk load starts with token %#x, want COLMETADATA", tok)
	}
	infos, cols, err := readBulkColumns(c, legacyTableName)
	if err != nil {
		return nil, err
	}
	bl := &BulkLoad{Columns: cols}
	var slab []any // rows are carved from larger allocations
	for c.Err() == nil && c.Remaining() > 0 {
		switch tok := c.Byte(); tok {
		case TokenRow, TokenNBCRow:
			if len(slab) < len(infos) {
				slab = make([]any, len(infos)*bulkSlabRows)
			}
			row := slab[:len(infos):len(infos)]
			slab = slab[len(infos):]
			err := readBulkRow(c, infos, row, tok == TokenNBCRow)
			if err != nil {
				return nil, fmt.Errorf("tds: bulk row %d: %w", len(bl.Rows)+1, err)
			}
			bl.Rows = append(bl.Rows, row)
		case TokenDone:
			c.Skip(12)
			if c.Remaining() != 0 {
				return nil, fmt.Errorf("tds: data after the DONE of a bulk load")
			}
		default:
			return nil, fmt.Errorf("tds: unexpected token %#x in bulk load", tok)
		}
	}
	return bl, c.Err()
}

func readBulkColumns(c *Cursor, legacyTableName bool) ([]TypeInfo, []sqltype.Column, error) {
	n := int(c.Uint16())
	if n == 0xFFFF || c.Err() != nil {
		return nil, nil, fmt.Errorf("tds: bulk load without column metadata")
	}
	infos := make([]TypeInfo, 0, min(n, 4096))
	cols := make([]sqltype.Column, 0, min(n, 4096))
	for i := 0; i < n && c.Err() == nil; i++ {
		c.Uint32() // UserType
		flags := c.Uint16()
		ti, err := ReadTypeInfo(c)
		if err != nil {
			return nil, nil, fmt.Errorf("tds: bulk column %d: %w", i+1, err)
		}
		if framingOf(ti.ID, ti.Size) == frameText {
			skipTableName(c, legacyTableName)
		}
		name := c.BVarChar()
		infos = append(infos, ti)
		cols = append(cols, sqltype.Column{Name: name, Type: ti.Type, Nullable: flags&colNullable != 0,
			Identity: flags&colIdentity != 0, Collation: collationBytes(&ti)})
	}
	return infos, cols, c.Err()
}

func collationBytes(ti *TypeInfo) []byte {
	if !ti.hasCollation() {
		return nil
	}
	return append([]byte{}, ti.Collation[:]...)
}

func skipTableName(c *Cursor, legacy bool) {
	if legacy {
		c.USVarChar()
		return
	}
	parts := int(c.Byte())
	for i := 0; i < parts && c.Err() == nil; i++ {
		c.USVarChar()
	}
}

// bulkSlabRows is how many rows one allocation of values holds.
const bulkSlabRows = 256

// readBulkRow reads one row's values into row.
func readBulkRow(c *Cursor, infos []TypeInfo, row []any, nbc bool) error {
	var nulls []byte
	if nbc {
		nulls = c.Bytes((len(infos) + 7) / 8)
	}
	for i := range infos {
		if nulls != nil && nulls[i/8]&(1<<(i%8)) != 0 {
			continue
		}
		v, err := ReadValue(c, &infos[i], RowMode)
		if err != nil {
			return err
		}
		row[i] = v
	}
	return c.Err()
}
