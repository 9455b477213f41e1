package tds

// Token is what Response.Next found in the token stream.
type Token uint8

// Tokens Response.Next returns. Token values of the stream itself
// (MS-TDS 2.2.5.8) are the unexported tok* constants.
const (
	TokenEnd          Token = iota // the response ended
	TokenColMetadata               // a result set starts: Columns
	TokenRow                       // a row is ready: ReadRows or ReadRow
	TokenDone                      // a statement, procedure or request ended: Done
	TokenMessage                   // an ERROR or INFO token: Message
	TokenReturnStatus              // RETURNSTATUS: ReturnStatus
	TokenReturnValue               // RETURNVALUE: ReturnValue
	TokenOrder                     // ORDER: Order
	TokenEnvChange                 // ENVCHANGE: EnvChange (the Conn applied it)
)

var tokenNames = [...]string{"End", "ColMetadata", "Row", "Done", "Message", "ReturnStatus", "ReturnValue", "Order", "EnvChange"}

func (t Token) String() string {
	if int(t) < len(tokenNames) {
		return tokenNames[t]
	}
	return "Token(?)"
}

// Token types of the stream.
const (
	tokReturnStatus  = 0x79
	tokOffset        = 0x78
	tokColMetadata   = 0x81
	tokAltMetadata   = 0x88
	tokDataClass     = 0xA3
	tokTabName       = 0xA4
	tokColInfo       = 0xA5
	tokOrder         = 0xA9
	tokError         = 0xAA
	tokInfo          = 0xAB
	tokReturnValue   = 0xAC
	tokLoginAck      = 0xAD
	tokFeatureExtAck = 0xAE
	tokRow           = 0xD1
	tokNBCRow        = 0xD2
	tokAltRow        = 0xD3
	tokEnvChange     = 0xE3
	tokSessionState  = 0xE4
	tokSSPI          = 0xED
	tokFedAuthInfo   = 0xEE
	tokDone          = 0xFD
	tokDoneProc      = 0xFE
	tokDoneInProc    = 0xFF
)

// skipSized skips a token whose data starts with a USHORT length (the
// tokens this package reads but does not use: TABNAME, COLINFO, OFFSET
// has a fixed size and is handled by the caller).
func skipSized(rd *reader) error {
	n, err := rd.u16()
	if err != nil {
		return err
	}
	return rd.skip(int(n))
}

// skipLong skips a token whose data starts with a DWORD length
// (SESSIONSTATE, DATACLASSIFICATION is not length-prefixed and refused).
func skipLong(rd *reader) error {
	n, err := rd.u32()
	if err != nil {
		return err
	}
	if n > 1<<30 {
		return protocolErrorf("token length %d too large", n)
	}
	return rd.skip(int(n))
}
