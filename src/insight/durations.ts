/** Seconds for people: `3 d 4 h`, `12 min`, `850 ms`. */
export function humanDuration(seconds: number | null): string {
  if (seconds === null || Number.isNaN(seconds)) return '–';
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (s < 1) return `${sign}${Math.round(s * 1000)} ms`;
  if (s < 60) return `${sign}${+s.toFixed(1)} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (s < 86_400) return `${sign}${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${sign}${Math.floor(s / 86_400)} d ${Math.round((s % 86_400) / 3600)} h`;
}
