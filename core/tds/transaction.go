package tds

// Transaction manager request types (MS-TDS 2.2.6.9).
const (
	tmBegin    = 5
	tmCommit   = 7
	tmRollback = 8
	tmSave     = 9
)

// Isolation levels of transaction manager requests.
const (
	IsolationUnchanged       byte = 0
	IsolationReadUncommitted byte = 1
	IsolationReadCommitted   byte = 2
	IsolationRepeatableRead  byte = 3
	IsolationSerializable    byte = 4
	IsolationSnapshot        byte = 5
)

// NextTransaction starts a new transaction right after a commit or a
// rollback, in the same request.
type NextTransaction struct {
	Isolation byte
	Name      string
}

// BeginTransaction starts a transaction (TM_BEGIN_XACT). The server
// answers with ENVCHANGE 8; the descriptor goes on every later request.
func (c *Conn) BeginTransaction(isolation byte, name string) (*Response, error) {
	if err := c.beginTM(tmBegin); err != nil {
		return nil, err
	}
	c.wr.writeByte(isolation)
	c.tmName(name)
	return c.send()
}

// CommitTransaction commits the open transaction (TM_COMMIT_XACT),
// starting next when it is not nil.
func (c *Conn) CommitTransaction(name string, next *NextTransaction) (*Response, error) {
	return c.endTransaction(tmCommit, name, next)
}

// RollbackTransaction rolls the open transaction, or a savepoint, back
// (TM_ROLLBACK_XACT), starting next when it is not nil.
func (c *Conn) RollbackTransaction(name string, next *NextTransaction) (*Response, error) {
	return c.endTransaction(tmRollback, name, next)
}

// SaveTransaction sets a savepoint (TM_SAVE_XACT).
func (c *Conn) SaveTransaction(name string) (*Response, error) {
	if err := c.beginTM(tmSave); err != nil {
		return nil, err
	}
	c.tmName(name)
	return c.send()
}

func (c *Conn) endTransaction(kind uint16, name string, next *NextTransaction) (*Response, error) {
	if err := c.beginTM(kind); err != nil {
		return nil, err
	}
	c.tmName(name)
	if next == nil {
		c.wr.writeByte(0)
		return c.send()
	}
	c.wr.writeByte(1) // fBeginXact
	c.wr.writeByte(next.Isolation)
	c.tmName(next.Name)
	return c.send()
}

func (c *Conn) beginTM(kind uint16) error {
	if err := c.begin(packetTransMgr); err != nil {
		return err
	}
	c.wr.u16(kind)
	return nil
}

// tmName writes a transaction name as B_VARBYTE (UTF-16LE bytes).
func (c *Conn) tmName(name string) {
	b := appendUTF16LE(nil, truncateUTF16(name, 127))
	c.wr.writeByte(byte(len(b)))
	c.wr.write(b)
}
