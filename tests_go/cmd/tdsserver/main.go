package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mssql-python-go/mssql-python-go/tests_go/tdsserver"
)

// readyLine is the JSON line printed once the server accepts connections.
type readyLine struct {
	Addr             string `json:"addr"`
	ConnectionString string `json:"connection_string"`
	CAFile           string `json:"ca_file"`
	CertFile         string `json:"cert_file"`
	User             string `json:"user"`
	Password         string `json:"password"`
	PID              int    `json:"pid"`
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tdsserver:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	s, err := tdsserver.Start(cfg)
	if err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	if err := printReady(s); err != nil {
		s.Close()
		return err
	}
	sig := <-stop
	cfg.Logger.Info("stopping", "signal", sig.String())
	return s.Close()
}

func printReady(s *tdsserver.Server) error {
	line, err := formatReady(readyLine{Addr: s.Addr(), ConnectionString: s.ConnString(), CAFile: s.CAFile(),
		CertFile: s.CertFile(), User: s.User(), Password: s.Password(), PID: os.Getpid()})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(os.Stdout, line)
	return err
}

// formatReady renders the line as the project documents it: one JSON object
// with ", " and ": " separators, keys in a fixed order.
func formatReady(r readyLine) (string, error) {
	fields := []struct {
		key string
		val any
	}{{"addr", r.Addr}, {"connection_string", r.ConnectionString}, {"ca_file", r.CAFile},
		{"cert_file", r.CertFile}, {"user", r.User}, {"password", r.Password}, {"pid", r.PID}}
	parts := make([]string, len(fields))
	for i, f := range fields {
		v, err := json.Marshal(f.val)
		if err != nil {
			return "", err
		}
		parts[i] = fmt.Sprintf("%q: %s", f.key, v)
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

func parseFlags(args []string) (tdsserver.Config, error) {
	var cfg tdsserver.Config
	fs := flag.NewFlagSet("tdsserver", flag.ContinueOnError)
	var logins, dbs listFlag
	fs.StringVar(&cfg.Listen, "listen", tdsserver.DefaultListen, "TCP address to listen on")
	user := fs.String("user", tdsserver.DefaultUser, "SQL login name")
	password := fs.String("password", tdsserver.DefaultPassword, "SQL login password")
	fs.Var(&logins, "login", "extra SQL login as user:password (repeatable)")
	encrypt := fs.String("encrypt", string(tdsserver.EncryptOff), "encryption mode: off, on, required or none")
	fs.StringVar(&cfg.CertFile, "cert", "", "PEM certificate chain (default: generated)")
	fs.StringVar(&cfg.KeyFile, "key", "", "PEM private key for -cert")
	fs.StringVar(&cfg.CertDir, "cert-dir", "", "directory for generated certificates (default: a temporary one)")
	fs.StringVar(&cfg.DBDir, "db-dir", "", "directory for file-backed databases (default: in memory)")
	fs.Var(&dbs, "database", "extra database to create (repeatable)")
	issuerKey := fs.String("token-issuer-key", "", "PEM RSA public key that signs accepted FEDAUTH tokens")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.Encrypt, err = tdsserver.ParseEncryptMode(*encrypt); err != nil {
		return cfg, err
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	primary := !explicit["user"] && !explicit["password"] && len(logins) > 0
	if cfg.Logins, err = buildLogins(*user, *password, logins, primary); err != nil {
		return cfg, err
	}
	cfg.Databases = dbs
	if *issuerKey != "" {
		if cfg.TokenIssuerKey, err = tdsserver.LoadTokenIssuerKey(*issuerKey); err != nil {
			return cfg, err
		}
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return cfg, err
	}
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lv}))
	return cfg, nil
}

// buildLogins lists the logins: -user/-password first, then each -login;
// when only -login flags are given, the first of them is the primary login.
func buildLogins(user, password string, extra []string, loginsOnly bool) ([]tdsserver.SQLLogin, error) {
	logins := []tdsserver.SQLLogin{{User: user, Password: password}}
	if loginsOnly {
		logins = nil
	}
	for _, l := range extra {
		u, p, ok := strings.Cut(l, ":")
		if !ok || u == "" {
			return nil, errors.New("-login wants user:password")
		}
		logins = append(logins, tdsserver.SQLLogin{User: u, Password: p})
	}
	return logins, nil
}
