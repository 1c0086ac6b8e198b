import { describe, expect, it } from 'vitest';
import { stripShare, topicMatches } from './topic-filter.util.js';

describe('topicMatches', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/#', 'a/b/c', true],
    ['a/+', 'a/b/c', false],
    ['a/b', 'a/b', true],
    ['a/b/c', 'a/b', false],
    ['$share/g/a/+/c', 'a/x/c', true],
  ])('%s vs %s → %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('strips only the share prefix', () => {
    expect(stripShare('$share/grp/x/y')).toBe('x/y');
    expect(stripShare('x/y')).toBe('x/y');
  });
});
