package tdsserver

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver/backend"
)

// Server is a running TDS test server.
type Server struct {
	cfg    Config
	ln     net.Listener
	engine backend.Engine
	certs  *certificates
	log    *slog.Logger
	// tls74 serves TLS inside PRELOGIN (TLS 1.2, as SQL Server with TDS 7.x);
	// tls80 serves TDS 8 strict connections (TLS 1.2 or 1.3, ALPN tds/8.0).
	tls74, tls80 *tls.Config

	mu       sync.Mutex
	sessions map[uint16]*conn
	lastSPID uint16
	closed   bool
	faults   faults
	scanner  *scanner // starts ATTENTION watchers (attention.go)
	wg       sync.WaitGroup
	logins   atomic.Int64 // successful logins, for tests that count them
}

// Start listens and serves until Close. It returns once the server accepts
// connections.
func Start(cfg Config) (*Server, error) {
	if err := cfg.applyDefaults(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, sessions: map[uint16]*conn{}, lastSPID: firstSPID - 1}
	if err := s.setup(); err != nil {
		s.cleanup()
		return nil, err
	}
	s.scanner = newScanner(s)
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		s.scanner.run()
	}()
	go s.acceptLoop()
	s.log.Info("tdsserver listening", "addr", s.Addr(), "encrypt", string(cfg.Encrypt))
	return s, nil
}

func (s *Server) setup() error {
	certs, err := loadCertificates(&s.cfg)
	if err != nil {
		return err
	}
	s.certs = certs
	if certs != nil {
		s.tls74, s.tls80 = tlsConfigs(certs.cert)
	}
	if s.engine = s.cfg.Engine; s.engine == nil {
		if s.engine, err = defaultEngine(&s.cfg); err != nil {
			return err
		}
	}
	s.ln, err = net.Listen("tcp", s.cfg.Listen)
	return err
}

func tlsConfigs(cert tls.Certificate) (legacy, strict *tls.Config) {
	legacy = &tls.Config{
		Certificates:           []tls.Certificate{cert},
		MinVersion:             tls.VersionTLS12,
		MaxVersion:             tls.VersionTLS12,
		SessionTicketsDisabled: true,
	}
	strict = &tls.Config{
		Certificates:           []tls.Certificate{cert},
		MinVersion:             tls.VersionTLS12,
		NextProtos:             []string{"tds/8.0"},
		SessionTicketsDisabled: true,
	}
	return legacy, strict
}

// firstSPID is the first session id handed out, as SQL Server numbers user sessions.
const firstSPID = 51

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if s.isClosed() || errors.Is(err, net.ErrClosed) {
				return
			}
			s.log.Error("accept failed; retrying", "err", err) // e.g. too many open files
			time.Sleep(50 * time.Millisecond)
			continue
		}
		c, ok := s.register(nc)
		if !ok {
			nc.Close()
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			c.serve()
		}()
	}
}

// register gives the connection a free SPID.
func (s *Server) register(nc net.Conn) (*conn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	for i := 0; i < 0x7FFF; i++ {
		s.lastSPID++
		if s.lastSPID >= 0x7FFF || s.lastSPID < firstSPID {
			s.lastSPID = firstSPID
		}
		if _, used := s.sessions[s.lastSPID]; !used {
			c := newConn(s, nc, s.lastSPID)
			s.sessions[s.lastSPID] = c
			return c, true
		}
	}
	return nil, false
}

func (s *Server) unregister(spid uint16) {
	s.mu.Lock()
	delete(s.sessions, spid)
	s.mu.Unlock()
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Addr is the address the server listens on, e.g. "127.0.0.1:53412".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// CAFile is the PEM file of the CA that signed the generated certificate
// ("" when certificates come from files or encryption is off).
func (s *Server) CAFile() string {
	if s.certs == nil {
		return ""
	}
	return s.certs.caFile
}

// CertFile is the PEM file of the server certificate ("" without one).
func (s *Server) CertFile() string {
	if s.certs == nil {
		return ""
	}
	return s.certs.certFile
}

// User is the name of the first configured login.
func (s *Server) User() string { return s.cfg.Logins[0].User }

// Password is the password of the first configured login.
func (s *Server) Password() string { return s.cfg.Logins[0].Password }

// ConnString is an ODBC-style connection string for the project's driver:
// Server=tcp:HOST,PORT;Database=master;UID=..;PWD=..;Encrypt=yes;ServerCertificate=<cert>.
func (s *Server) ConnString() string {
	host, port, _ := net.SplitHostPort(s.Addr())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	parts := []string{
		"Server=tcp:" + host + "," + port,
		"Database=" + DefaultDatabase,
		"UID=" + odbcValue(s.User()),
		"PWD=" + odbcValue(s.Password()),
	}
	if s.certs == nil || s.cfg.Encrypt == EncryptNone {
		parts = append(parts, "Encrypt=no")
	} else {
		parts = append(parts, "Encrypt=yes", "ServerCertificate="+odbcValue(s.CertFile()))
	}
	return strings.Join(parts, ";")
}

// odbcValue braces a value that contains ODBC delimiters, doubling '}'.
func odbcValue(v string) string {
	if !strings.ContainsAny(v, ";{}= ") && strings.TrimSpace(v) == v {
		return v
	}
	return "{" + strings.ReplaceAll(v, "}", "}}") + "}"
}

// Close stops accepting, ends every session and waits for their goroutines.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	conns := make([]*conn, 0, len(s.sessions))
	for _, c := range s.sessions {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	err := s.ln.Close()
	for _, c := range conns {
		c.kill()
	}
	close(s.scanner.quit)
	s.wg.Wait()
	s.cleanup()
	return err
}

func (s *Server) cleanup() {
	if s.certs != nil && s.certs.tmpDir != "" {
		os.RemoveAll(s.certs.tmpDir)
	}
	if closer, ok := s.engine.(interface{ Close() error }); ok && s.cfg.Engine == nil {
		if err := closer.Close(); err != nil {
			s.log.Warn("closing engine", "err", err)
		}
	}
}

// Port returns the TCP port as a number.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.Addr())
	n, _ := strconv.Atoi(p)
	return n
}

// String names the server by its address (never its credentials).
func (s *Server) String() string { return fmt.Sprintf("tdsserver(%s)", s.Addr()) }
