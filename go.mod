module github.com/skgo/skgo

go 1.24.0

require (
	github.com/go-gota/gota v0.12.0
	github.com/sajari/regression v1.0.1
	github.com/stretchr/testify v1.12.1
	golang.org/x/sync v0.18.0
	golang.org/x/sys v0.38.0
	gonum.org/v1/gonum v0.17.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/net v0.47.0 // indirect
)
