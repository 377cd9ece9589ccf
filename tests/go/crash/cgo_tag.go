//go:build cgo

package main

// With cgo the runtime keeps a spare M for C threads calling Go, so it
// cannot tell that every goroutine is blocked: deadlocks hang instead of
// being reported, on every system.
func init() { withCgo = true }
