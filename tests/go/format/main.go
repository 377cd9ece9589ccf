// strconv and fmt heavy output: number formatting and parsing, verbs,
// widths, structs, maps (printed sorted), errors.
package main

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

type point struct {
	X, Y int
	Name string
}

func main() {
	for _, f := range []float64{0, 1, -1.5, math.Pi, 1e21, 1e-7, math.Inf(1), 123456.789} {
		fmt.Println(strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', 3, 64),
			fmt.Sprintf("%8.3f|%-10.2e|%v", f, f, f))
	}
	for _, i := range []int64{0, 7, -42, math.MaxInt64, math.MinInt64} {
		fmt.Println(strconv.FormatInt(i, 10), strconv.FormatInt(i, 16), strconv.FormatInt(i, 2)[:1],
			fmt.Sprintf("%08d|%x|%o|%+d", i%100000, i%4096, i%512, i%1000))
	}
	for _, s := range []string{"12", "-0x1f", "abc", "9999999999999999999", "3.25", "1e400"} {
		i, err1 := strconv.ParseInt(s, 0, 64)
		f, err2 := strconv.ParseFloat(s, 64)
		fmt.Println(s, i, err1, f, err2)
	}
	b, err := strconv.ParseBool("true")
	fmt.Println(b, err, strconv.Quote("tab\there \"q\" é"), strconv.Itoa(-99))
	p := point{1, -2, "origin"}
	fmt.Printf("%v %+v %#v %T\n", p, p, p, p)
	m := map[string]int{"z": 26, "a": 1, "m": 13}
	fmt.Println(m)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(strings.Join(keys, ","))
	fmt.Printf("%q %x %X %c %U\n", "hi", "hi", []byte{1, 171}, 'λ', 'λ')
	fmt.Printf("%t %p\n", true, nil)
	fmt.Printf("%6.2f%% %s\n", 99.5, fmt.Errorf("wrapped: %w", os.ErrNotExist))
	var sb strings.Builder
	for i := 0; i < 20; i++ {
		sb.WriteString(strconv.Itoa(i * i))
		sb.WriteByte(' ')
	}
	fmt.Println(sb.String())
	fmt.Println(len(os.Args), os.Args[1:])
}
