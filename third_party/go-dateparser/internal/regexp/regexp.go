//go:build !(re2_wasm || re2_cgo) || !cgo

package regexp

import (
	stdregex "regexp"
	"sync"
)

// Regexp is a regular expression compiled on its first use.
//
// Patched for rapporteur (see third_party/README.md): the package data
// declares about 4,000 expressions of 700 locales in package variables,
// and compiling them all when the program starts took 0.16-0.19 s of
// every process start, most programs never parse a date in most of
// those locales. MustCompile now keeps the expression and compiles it
// when a method first needs it; the expressions are the generated ones,
// all valid, so no panic moves from start-up to a later call.
type Regexp struct {
	expr string
	once sync.Once
	rx   *stdregex.Regexp
}

// re returns the compiled expression, compiling it on first use.
func (re *Regexp) re() *stdregex.Regexp {
	re.once.Do(func() {
		if re.rx == nil {
			re.rx = stdregex.MustCompile(re.expr)
		}
	})
	return re.rx
}

func QuoteMeta(s string) string {
	return stdregex.QuoteMeta(s)
}

func Compile(str string) (*Regexp, error) {
	rx, err := stdregex.Compile(str)
	if err != nil {
		return nil, err
	}
	return &Regexp{expr: str, rx: rx}, nil
}

func MustCompile(str string) *Regexp {
	return &Regexp{expr: str}
}

func (re *Regexp) Expand(dst []byte, template []byte, src []byte, match []int) []byte {
	return re.re().Expand(dst, template, src, match)
}

func (re *Regexp) ExpandString(dst []byte, template string, src string, match []int) []byte {
	return re.re().ExpandString(dst, template, src, match)
}

func (re *Regexp) Find(b []byte) []byte {
	return re.re().Find(b)
}

func (re *Regexp) FindAll(b []byte, n int) [][]byte {
	return re.re().FindAll(b, n)
}

func (re *Regexp) FindAllIndex(b []byte, n int) [][]int {
	return re.re().FindAllIndex(b, n)
}

func (re *Regexp) FindAllString(s string, n int) []string {
	return re.re().FindAllString(s, n)
}

func (re *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return re.re().FindAllStringIndex(s, n)
}

func (re *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return re.re().FindAllStringSubmatch(s, n)
}

func (re *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return re.re().FindAllStringSubmatchIndex(s, n)
}

func (re *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte {
	return re.re().FindAllSubmatch(b, n)
}

func (re *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	return re.re().FindAllSubmatchIndex(b, n)
}

func (re *Regexp) FindIndex(b []byte) (loc []int) {
	return re.re().FindIndex(b)
}

func (re *Regexp) FindString(s string) string {
	return re.re().FindString(s)
}

func (re *Regexp) FindStringIndex(s string) (loc []int) {
	return re.re().FindStringIndex(s)
}

func (re *Regexp) FindStringSubmatch(s string) []string {
	return re.re().FindStringSubmatch(s)
}

func (re *Regexp) FindStringSubmatchIndex(s string) []int {
	return re.re().FindStringSubmatchIndex(s)
}

func (re *Regexp) FindSubmatch(b []byte) [][]byte {
	return re.re().FindSubmatch(b)
}

func (re *Regexp) FindSubmatchIndex(b []byte) []int {
	return re.re().FindSubmatchIndex(b)
}

func (re *Regexp) Longest() {
	re.re().Longest()
}

func (re *Regexp) Match(b []byte) bool {
	return re.re().Match(b)
}

func (re *Regexp) MatchString(s string) bool {
	return re.re().MatchString(s)
}

func (re *Regexp) NumSubexp() int {
	return re.re().NumSubexp()
}

func (re *Regexp) ReplaceAll(src, repl []byte) []byte {
	return re.re().ReplaceAll(src, repl)
}

func (re *Regexp) ReplaceAllLiteral(src, repl []byte) []byte {
	return re.re().ReplaceAllLiteral(src, repl)
}

func (re *Regexp) ReplaceAllLiteralString(src, repl string) string {
	return re.re().ReplaceAllLiteralString(src, repl)
}

func (re *Regexp) ReplaceAllString(src, repl string) string {
	return re.re().ReplaceAllString(src, repl)
}

func (re *Regexp) Split(s string, n int) []string {
	return re.re().Split(s, n)
}

func (re *Regexp) String() string {
	return re.expr // what the compiled expression's String returns
}

func (re *Regexp) SubexpIndex(name string) int {
	return re.re().SubexpIndex(name)
}

func (re *Regexp) SubexpNames() []string {
	return re.re().SubexpNames()
}
