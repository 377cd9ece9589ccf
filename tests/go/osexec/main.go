// os/exec: run host programs, pipe data in and out, exit statuses.
package main

import (
	"fmt"
	"os/exec"
	"strings"
)

func main() {
	out, err := exec.Command("/bin/echo", "from", "echo").Output()
	fmt.Printf("%q %v\n", out, err)

	cmd := exec.Command("/usr/bin/tr", "a-z", "A-Z")
	cmd.Stdin = strings.NewReader("piped through tr\n")
	out, err = cmd.Output()
	fmt.Printf("%q %v\n", out, err)

	err = exec.Command("/bin/sh", "-c", "exit 7").Run()
	if ee, ok := err.(*exec.ExitError); ok {
		fmt.Println("exit code:", ee.ExitCode())
	}
	_, err = exec.Command("/nonexistent/program").Output()
	fmt.Println("missing program fails:", err != nil)
	p, err := exec.LookPath("sh")
	fmt.Println("LookPath sh found:", err == nil && strings.HasSuffix(p, "/sh"))
}
