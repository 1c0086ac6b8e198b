/** MQTT topic-filter matching, with the `$share/<group>/` prefix stripped first. */
export function stripShare(filter: string): string {
  return filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
}

export function topicMatches(filter: string, topic: string): boolean {
  const f = stripShare(filter).split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
