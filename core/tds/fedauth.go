package tds

import (
	"context"
	"encoding/binary"
	"errors"
)

// FEDAUTH libraries (LOGIN7 FeatureExt).
const (
	fedAuthSecurityToken = 0x01
	fedAuthADAL          = 0x02
)

// FEDAUTHINFO identifiers.
const (
	fedAuthInfoSTSURL = 0x01
	fedAuthInfoSPN    = 0x02
)

// fedAuthFeature builds the FEDAUTH FeatureExt data. echo repeats the
// server's PRELOGIN FEDAUTHREQUIRED.
func fedAuthFeature(cfg *Config, echo bool, nonce []byte) []byte {
	e := byte(0)
	if echo {
		e = 1
	}
	if cfg.FedAuth != nil {
		return []byte{fedAuthADAL<<1 | e, cfg.FedAuth.Workflow}
	}
	token := appendUTF16LE(nil, cfg.AccessToken)
	b := make([]byte, 0, 5+len(token)+len(nonce))
	b = append(b, fedAuthSecurityToken<<1|e)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(token)))
	b = append(b, token...)
	return append(b, nonce...)
}

// FedAuthInfo is the FEDAUTHINFO token: where to get a token.
type FedAuthInfo struct {
	STSURL, SPN string
}

// readFedAuthInfo decodes a FEDAUTHINFO token after its type byte.
func readFedAuthInfo(rd *reader) (FedAuthInfo, error) {
	var info FedAuthInfo
	n, err := rd.u32()
	if err != nil {
		return info, err
	}
	if n < 4 || n > 1<<16 {
		return info, protocolErrorf("FEDAUTHINFO of %d bytes", n)
	}
	b, err := rd.next(int(n))
	if err != nil {
		return info, err
	}
	count := int(binary.LittleEndian.Uint32(b))
	if 4+9*count > len(b) {
		return info, protocolErrorf("FEDAUTHINFO options overrun the token")
	}
	for k := 0; k < count; k++ {
		opt := b[4+9*k:]
		size, off := int(binary.LittleEndian.Uint32(opt[1:])), int(binary.LittleEndian.Uint32(opt[5:]))
		if off < 0 || size < 0 || off+size > len(b) {
			return info, protocolErrorf("FEDAUTHINFO option out of bounds")
		}
		value := string(appendUTF16(nil, b[off:off+size]))
		switch opt[0] {
		case fedAuthInfoSTSURL:
			info.STSURL = value
		case fedAuthInfoSPN:
			info.SPN = value
		}
	}
	return info, nil
}

// fedAuthTokenMessage builds the Federated Authentication Token message
// (packet type 0x08) of the ADAL workflow.
func fedAuthTokenMessage(token string, nonce []byte) []byte {
	t := appendUTF16LE(nil, token)
	b := make([]byte, 0, 8+len(t)+len(nonce))
	b = binary.LittleEndian.AppendUint32(b, uint32(4+len(t)+len(nonce)))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(t)))
	b = append(b, t...)
	return append(b, nonce...)
}

// errNoFedAuthAck is a login that used FEDAUTH without the server
// acknowledging it.
var errNoFedAuthAck = protocolErrorf("the server did not acknowledge federated authentication")

// checkFedAuthAck verifies the FEDAUTH acknowledgement: it must exist and
// echo the nonce the client sent, if any (MS-TDS 3.2.5.4).
func checkFedAuthAck(acks featureAcks, nonce []byte) error {
	ack, ok := acks[featureFedAuth]
	switch {
	case !ok:
		return errNoFedAuthAck
	case len(nonce) == 0 && len(ack) != 0, len(nonce) != 0 && string(ack[:min(32, len(ack))]) != string(nonce):
		return protocolErrorf("the FEDAUTH acknowledgement does not match the nonce")
	}
	return nil
}

// fetchToken runs the workflow's token callback.
func fetchToken(ctx context.Context, w *FedAuthWorkflow, info FedAuthInfo) (string, error) {
	if w == nil || w.Token == nil {
		return "", errors.New("tds: the server asked for a federated authentication token, but no provider is configured")
	}
	return w.Token(ctx, info.STSURL, info.SPN)
}
