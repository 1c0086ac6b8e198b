import { describe, expect, it } from 'vitest';
import { InvalidRolloutConfigException } from './rollout-config.exception.js';
import { parseStages } from './stages-input.schema.js';

const issuesOf = (raw: unknown) => {
  try {
    parseStages(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRolloutConfigException);
    return (err as InvalidRolloutConfigException).issues;
  }
  throw new Error('expected the stages to be refused');
};

describe('stagesInputSchema / parseStages', () => {
  it('accepts percent, count and mixed plans, dropping GraphQL nulls', () => {
    expect(
      parseStages([
        { percent: 5, bakeSec: 60 },
        { percent: 25, bakeSec: 300 },
        { percent: 100, bakeSec: 0 },
      ]),
    ).toEqual([
      { percent: 5, bakeSec: 60 },
      { percent: 25, bakeSec: 300 },
      { percent: 100, bakeSec: 0 },
    ]);
    expect(
      parseStages([
        { count: 2, percent: null, bakeSec: 60 },
        { count: 10, bakeSec: 60 },
        { percent: 100, bakeSec: 60 },
      ]),
    ).toEqual([
      { count: 2, bakeSec: 60 },
      { count: 10, bakeSec: 60 },
      { percent: 100, bakeSec: 60 },
    ]);
    expect(
      parseStages([
        { count: 3, bakeSec: 0 },
        { percent: 0.5, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ]),
    ).toHaveLength(3);
    expect(parseStages([{ percent: 100, bakeSec: 7 * 24 * 3600 }])).toHaveLength(1);
  });

  it.each<[string, unknown, string, string]>([
    ['no stages', [], 'stages', 'at least 1 stage'],
    [
      'too many stages',
      Array.from({ length: 11 }, (_, i) => ({ percent: (i + 1) * 9, bakeSec: 0 })),
      'stages',
      'at most 10',
    ],
    ['not a list', { percent: 100, bakeSec: 0 }, 'stages', ''],
    [
      'percent 0',
      [
        { percent: 0, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ],
      'stages[0].percent',
      'greater than 0',
    ],
    ['percent over 100', [{ percent: 101, bakeSec: 0 }], 'stages[0].percent', 'at most 100'],
    [
      'percents not increasing',
      [
        { percent: 25, bakeSec: 0 },
        { percent: 25, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ],
      'stages[1].percent',
      'greater than stages[0].percent (25)',
    ],
    [
      'counts not increasing',
      [
        { count: 10, bakeSec: 0 },
        { count: 5, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ],
      'stages[1].count',
      'greater than stages[0].count (10)',
    ],
    [
      'count not whole',
      [
        { count: 1.5, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ],
      'stages[0].count',
      'whole number',
    ],
    [
      'both sizes',
      [
        { count: 1, percent: 5, bakeSec: 0 },
        { percent: 100, bakeSec: 0 },
      ],
      'stages[0].count',
      'not both',
    ],
    ['no size', [{ bakeSec: 0 }, { percent: 100, bakeSec: 0 }], 'stages[0]', 'needs percent or count'],
    [
      'last below 100%',
      [
        { percent: 5, bakeSec: 0 },
        { percent: 50, bakeSec: 0 },
      ],
      'stages[1].percent',
      'last stage must be percent: 100',
    ],
    [
      'last a count',
      [
        { percent: 5, bakeSec: 0 },
        { count: 50, bakeSec: 0 },
      ],
      'stages[1].percent',
      'last stage must be percent: 100',
    ],
    ['bake missing', [{ percent: 100 }], 'stages[0].bakeSec', 'required'],
    ['bake negative', [{ percent: 100, bakeSec: -1 }], 'stages[0].bakeSec', 'at least 0'],
    ['bake over a week', [{ percent: 100, bakeSec: 7 * 24 * 3600 + 1 }], 'stages[0].bakeSec', '7 days'],
    ['unknown field', [{ percent: 100, bakeSec: 0, bake: 5 }], 'stages[0].bake', 'unknown field'],
  ])('refuses %s, naming the field', (_label, raw, field, words) => {
    const issues = issuesOf(raw);
    expect(issues.map((i) => i.field)).toContain(field);
    expect(issues.find((i) => i.field === field)?.message).toContain(words);
  });

  it('reports every problem of a plan at once', () => {
    const issues = issuesOf([
      { percent: 50, bakeSec: 0 },
      { percent: 20, bakeSec: 0 },
      { count: 3, percent: 60, bakeSec: 0 },
    ]);
    expect(issues.map((i) => i.field)).toEqual(['stages[1].percent', 'stages[2].count', 'stages[2].percent']);
  });
});
