//go:build amd64 && !purego

#include "textflag.h"

// func adamAVX(p, g, m, v []float32, k *adamCoef)
TEXT ·adamAVX(SB), NOSPLIT, $0-104
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ k+96(FP), AX
	VBROADCASTSS 0(AX), Y8   // β₁
	VBROADCASTSS 4(AX), Y9   // 1 − β₁
	VBROADCASTSS 8(AX), Y10  // β₂
	VBROADCASTSS 12(AX), Y11 // 1 − β₂
	VBROADCASTSS 16(AX), Y12 // nStep
	VBROADCASTSS 20(AX), Y13 // bc2s
	VBROADCASTSS 24(AX), Y14 // ε
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0     // g
	VMULPS  (R8), Y8, Y1 // m·β₁
	VMULPS  Y0, Y9, Y2   // (1−β₁)·g
	VADDPS  Y2, Y1, Y1   // m
	VMOVUPS Y1, (R8)
	VMULPS  (R9), Y10, Y3 // v·β₂
	VMULPS  Y0, Y11, Y4   // (1−β₂)·g
	VMULPS  Y0, Y4, Y4    // ((1−β₂)·g)·g
	VADDPS  Y4, Y3, Y3    // v
	VMOVUPS Y3, (R9)
	VSQRTPS Y3, Y5
	VDIVPS  Y13, Y5, Y5   // √v / bc2s
	VADDPS  Y14, Y5, Y5   // + ε
	VMULPS  Y1, Y12, Y6   // nStep·m
	VDIVPS  Y5, Y6, Y6    // / denominator
	VADDPS  (DI), Y6, Y6  // p + step
	VMOVUPS Y6, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET
