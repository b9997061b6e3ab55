//go:build amd64 && !purego

package gemm

func setAVX2(on bool) { useAVX2 = on && hasAVX2 }

var hasAVX2 = useAVX2
