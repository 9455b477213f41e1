package core

import (
	"reflect"
	"strconv"

	mssql "github.com/microsoft/go-mssqldb"
)

// sessionState is what go-mssqldb learned from ENVCHANGE and LOGINACK
// tokens and keeps unexported: read it through reflection, read-only, and
// only while no request runs on the connection (the reader goroutine
// writes these fields). If a future go-mssqldb renames them, ok is false
// and the callers fall back to what they know.
type sessionState struct {
	database    string
	tranID      uint64
	tdsVersion  uint32
	progVersion uint32
	packetSize  int
}

func readSessionState(c *mssql.Conn) (st sessionState, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	sess := reflect.ValueOf(c).Elem().FieldByName("sess")
	if !sess.IsValid() || sess.IsNil() {
		return st, false
	}
	s := sess.Elem()
	st.database = s.FieldByName("database").String()
	st.tranID = s.FieldByName("tranid").Uint()
	ack := s.FieldByName("loginAck")
	st.tdsVersion = uint32(ack.FieldByName("TDSVersion").Uint())
	st.progVersion = uint32(ack.FieldByName("ProgVer").Uint())
	st.packetSize = int(s.FieldByName("buf").Elem().FieldByName("packetSize").Int())
	return st, true
}

// versionString formats LOGINACK's ProgVersion (major.minor.build) as
// SQL Server's SERVERPROPERTY('ProductVersion') does.
func versionString(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." + strconv.Itoa(int(v&0xffff))
}
