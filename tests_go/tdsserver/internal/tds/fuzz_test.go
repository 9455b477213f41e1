package tds

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/sqltype"
)

// The fuzz targets feed arbitrary bytes to every parser a client can reach.
// The property is that parsers return errors and never panic; where a
// parse succeeds, values decode without panicking either.
//
//	go test ./tests_go/tdsserver/internal/tds -run '^$' -fuzz FuzzParseRPC -fuzztime 30s

func FuzzReadMessage(f *testing.F) {
	f.Add(packet(PacketSQLBatch, StatusEOM, []byte("x")))
	f.Add(append(packet(PacketRPC, 0, []byte{1, 2}), packet(PacketRPC, StatusEOM|StatusIgnore, []byte{3})...))
	f.Add([]byte{0x12, 1, 0, 4, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Reader{R: bytes.NewReader(data)}
		for i := 0; i < 16; i++ {
			if _, err := r.ReadMessage(nil); err != nil {
				return
			}
		}
	})
}

func packet(t PacketType, status byte, payload []byte) []byte {
	h := []byte{byte(t), status, 0, 0, 0, 0, 1, 0}
	binary.BigEndian.PutUint16(h[2:], uint16(8+len(payload)))
	return append(h, payload...)
}

func FuzzParsePrelogin(f *testing.F) {
	f.Add(AppendPrelogin(nil, []PreloginOption{{PreloginVersion, []byte{1, 2, 3, 4, 0, 0}}, {PreloginEncryption, []byte{1}}}))
	f.Add([]byte{0, 0, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePrelogin(data)
		if err == nil {
			p.Encryption()
			p.FedAuthRequired()
		}
	})
}

func FuzzParseLogin7(f *testing.F) {
	f.Add(AppendLogin7(nil, Login7Request{TDSVersion: Version74, PacketSize: 4096, UserName: "sa", Password: "p\u00e9", Database: "master"}))
	f.Add(AppendLogin7(nil, Login7Request{TDSVersion: Version80, UserName: "u", Features: []Feature{
		{ID: FeatureFedAuth, Data: append([]byte{FedAuthLibrarySecurityToken << 1, 4, 0, 0, 0}, AppendUCS2(nil, "ab")...)},
		{ID: FeatureUTF8Support, Data: nil}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLogin7(data)
		if err != nil {
			return
		}
		if fa, ok := l.Feature(FeatureFedAuth); ok {
			ParseFedAuth(fa.Data)
		}
	})
}

func FuzzParseRPC(f *testing.F) {
	f.Add(seedRPC())
	f.Add([]byte{4, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseRPC(data)
		ParseSQLBatch(data)
		ParseTMRequest(data)
	})
}

func FuzzParseBulkLoad(f *testing.F) {
	cols, _ := NewColumns([]sqltype.Column{{Name: "a", Type: sqltype.Type{Kind: sqltype.Int}, Nullable: true},
		{Name: "b", Type: sqltype.Type{Kind: sqltype.NText}, Nullable: true},
		{Name: "c", Type: sqltype.Type{Kind: sqltype.SQLVariant}, Nullable: true}})
	msg := AppendColMetadata(nil, cols)
	msg, _ = AppendRow(msg, cols, []any{int64(1), "x", sqltype.Variant{Type: sqltype.Type{Kind: sqltype.Int}, Value: int64(2)}})
	f.Add(AppendDone(msg, Done{Token: TokenDone}))
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseBulkLoad(data)
	})
}

// seedRPC is an RPC message with parameters of many types.
func seedRPC() []byte {
	b := []byte{22, 0, 0, 0, 18, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}
	b = append(b, 0xff, 0xff, 10, 0, 0, 0)
	for _, v := range seedValues() {
		ti, err := ForType(v.Type, true, nil)
		if err != nil {
			panic(err)
		}
		b = append(b, 2, '@', 0, 'p', 0, 1)
		b = AppendTypeInfo(b, &ti)
		if b, err = AppendValue(b, &ti, v.Value, ParamMode); err != nil {
			panic(err)
		}
	}
	return append(b, 0xff, 0xff, 0xff, 15, 0, 0, 0)
}
