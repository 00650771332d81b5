package db

// WriterStmts tells how many statements Writes keeps prepared on the writer.
func (d *DB) WriterStmts() int {
	d.wstmts.mu.Lock()
	defer d.wstmts.mu.Unlock()
	return len(d.wstmts.stmts)
}
