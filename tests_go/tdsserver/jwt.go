package tdsserver

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// TokenAudience is the audience an Entra ID token for SQL must carry.
const TokenAudience = "https://database.windows.net/"

var b64 = base64.RawURLEncoding

// MintToken signs claims as an RS256 JWT with key, as a test token issuer.
// Use TokenClaims for a valid set of claims.
func MintToken(key *rsa.PrivateKey, claims map[string]any) (string, error) {
	header, err := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT"})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signed := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	digest := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return "", err
	}
	return signed + "." + b64.EncodeToString(sig), nil
}

// TokenClaims returns claims for user that are valid for ttl from now.
func TokenClaims(user string, ttl time.Duration) map[string]any {
	now := time.Now()
	return map[string]any{
		"aud": TokenAudience, "iss": "https://sts.windows.net/tdsserver-test/",
		"upn": user, "oid": "00000000-0000-0000-0000-000000000001",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(),
	}
}

// LoadTokenIssuerKey reads a PEM public key (PKIX or PKCS#1) or certificate.
func LoadTokenIssuerKey(path string) (*rsa.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("tdsserver: %s holds no PEM block", path)
	}
	var key any
	switch block.Type {
	case "CERTIFICATE":
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		key = cert.PublicKey
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	}
	if err != nil {
		return nil, err
	}
	rsaKey, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("tdsserver: %s is not an RSA key", path)
	}
	return rsaKey, nil
}

// verifyToken checks an RS256 JWT against the issuer key, its audience and
// its validity period, and returns the principal it names. Errors say why
// for the server log; they never contain the token.
func verifyToken(token string, key *rsa.PublicKey, now time.Time) (string, error) {
	if key == nil {
		return "", errors.New("token logins are not configured (no issuer key)")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", errors.New("token is not a JWS compact serialization")
	}
	var header struct{ Alg string }
	if err := decodeSegment(parts[0], &header); err != nil || header.Alg != "RS256" {
		return "", fmt.Errorf("token algorithm %q is not RS256", header.Alg)
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		return "", errors.New("token signature is not base64url")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], sig) != nil {
		return "", errors.New("token signature does not verify with the issuer key")
	}
	var claims map[string]any
	if err := decodeSegment(parts[1], &claims); err != nil {
		return "", errors.New("token payload is not JSON")
	}
	if err := checkClaims(claims, now); err != nil {
		return "", err
	}
	return principal(claims), nil
}

func decodeSegment(seg string, v any) error {
	data, err := b64.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func checkClaims(claims map[string]any, now time.Time) error {
	if !audienceOK(claims["aud"]) {
		return fmt.Errorf("token audience %v is not %s", claims["aud"], TokenAudience)
	}
	exp, ok := claims["exp"].(float64)
	if !ok {
		return errors.New("token has no exp claim")
	}
	if now.Unix() >= int64(exp) {
		return fmt.Errorf("token expired at %s", time.Unix(int64(exp), 0).UTC().Format(time.RFC3339))
	}
	if nbf, ok := claims["nbf"].(float64); ok && now.Unix() < int64(nbf) {
		return errors.New("token is not valid yet (nbf)")
	}
	return nil
}

func audienceOK(aud any) bool {
	match := func(s string) bool { return strings.TrimSuffix(s, "/") == strings.TrimSuffix(TokenAudience, "/") }
	switch a := aud.(type) {
	case string:
		return match(a)
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && match(s) {
				return true
			}
		}
	}
	return false
}

func principal(claims map[string]any) string {
	for _, k := range []string{"upn", "unique_name", "preferred_username", "email", "oid", "sub"} {
		if s, ok := claims[k].(string); ok && s != "" {
			return s
		}
	}
	return "token-principal"
}
