/** One colour per base format, used by every chart. */
export const QUANT_COLORS: Record<string, string> = {
  FP32: '#1f77b4',
  FP16: '#17becf',
  INT8: '#2ca02c',
  INT4: '#ff7f0e',
  FP4: '#9467bd',
  NF4: '#d62728',
};
