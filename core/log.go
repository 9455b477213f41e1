package core

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Log levels, Python's numbers.
const (
	LevelDebug    = 10
	LevelInfo     = 20
	LevelWarning  = 30
	LevelError    = 40
	LevelCritical = 50
)

// LogEvent is one queued log record.
type LogEvent struct {
	UnixNano int64
	Level    int
	Logger   string // dotted suffix: "core", "pool", "abi"
	Message  string
}

// maxLogEvents bounds the queue; the oldest events are dropped.
const maxLogEvents = 4096

var logState = struct {
	level   atomic.Int32
	mu      sync.Mutex
	events  []LogEvent
	dropped int
}{}

func init() { logState.level.Store(LevelWarning) }

// SetLogLevel sets the level below which events are dropped.
func SetLogLevel(level int) { logState.level.Store(int32(level)) }

// LogEnabled reports whether events of level are kept.
func LogEnabled(level int) bool { return int32(level) >= logState.level.Load() }

// Logf queues an event. Callers never pass secrets: connection strings go
// through connstr.Settings.Redacted.
func Logf(level int, logger, format string, args ...any) {
	if !LogEnabled(level) {
		return
	}
	ev := LogEvent{UnixNano: time.Now().UnixNano(), Level: level, Logger: logger, Message: fmt.Sprintf(format, args...)}
	logState.mu.Lock()
	defer logState.mu.Unlock()
	if len(logState.events) >= maxLogEvents {
		copy(logState.events, logState.events[1:])
		logState.events = logState.events[:len(logState.events)-1]
		logState.dropped++
	}
	logState.events = append(logState.events, ev)
}

// DrainLog takes the queued events, oldest first. When events were
// dropped, a warning saying how many comes first.
func DrainLog() []LogEvent {
	logState.mu.Lock()
	defer logState.mu.Unlock()
	events := logState.events
	if logState.dropped > 0 {
		note := LogEvent{UnixNano: time.Now().UnixNano(), Level: LevelWarning, Logger: "core",
			Message: fmt.Sprintf("%d log events were dropped (queue full)", logState.dropped)}
		events = append([]LogEvent{note}, events...)
		logState.dropped = 0
	}
	logState.events = nil
	return events
}
