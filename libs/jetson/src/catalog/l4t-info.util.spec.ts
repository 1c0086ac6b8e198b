import { describe, expect, it } from 'vitest';
import { l4tInfo } from './l4t-info.util.js';
import { socFromFamily } from './soc-family.util.js';

describe('l4tInfo', () => {
  it.each([
    ['32.6.1', '4.6', '8.0.1', '10.2'],
    ['32.7.1', '4.6.1', '8.2.1', '10.2'],
    ['32.7.4', '4.6.4', '8.2.1', '10.2'],
    ['34.1', '5.0 DP', '8.4.0 EA', '11.4'],
    ['35.1.0', '5.0.2', '8.4.1', '11.4'],
    ['35.2.1', '5.1', '8.5.2', '11.4'],
    ['35.3.1', '5.1.1', '8.5.2', '11.4'],
    ['35.4.1', '5.1.2', '8.5.2', '11.4'],
    ['35.5.0', '5.1.3', '8.5.2', '11.4'],
    ['35.6', '5.1.4', '8.5.2', '11.4'],
    ['36.2', '6.0 DP', '8.6.2', '12.2'],
    ['36.3.0', '6.0', '8.6.2', '12.2'],
    ['36.4', '6.1', '10.3.0', '12.6'],
    ['36.4.0', '6.1', '10.3.0', '12.6'],
    ['36.4.3', '6.2', '10.3.0', '12.6'],
    ['36.4.4', '6.2.1', '10.3.0', '12.6'],
    ['36.4.7', '6.2.1', null, null],
    ['38.2.1', '7.0', null, null],
    ['39.2.0', '7.2', '10.16.2', null],
    ['R35.4.1', '5.1.2', '8.5.2', '11.4'],
  ])('%s → JetPack %s, TensorRT %s, CUDA %s', (version, jetpack, tensorrt, cuda) => {
    expect(l4tInfo(version)).toMatchObject({ jetpack, tensorrt, cuda });
  });

  it('does not stretch a two-part entry to other patches', () => {
    expect(l4tInfo('36.4.5')).toBeUndefined();
    expect(l4tInfo('35.2.0')).toBeUndefined();
  });

  it.each(['', 'abc', '0.0.0', '99.1.1', '35.4.1.2'])('is undefined for %j', (version) => {
    expect(l4tInfo(version)).toBeUndefined();
  });

  it('says how sure the table is', () => {
    expect(l4tInfo('35.4.1')?.confidence).toBe('confirmed');
    expect(l4tInfo('36.3')?.confidence).toBe('unverified');
  });
});

describe('socFromFamily', () => {
  it.each([
    ['tegra210', 't210'],
    ['tegra186', 't186'],
    ['tegra194', 't194'],
    ['tegra234', 't234'],
    ['nvidia,tegra264', 't264'],
    ['t234', 't234'],
    ['tegra999', null],
    ['', null],
  ])('%s → %s', (family, soc) => {
    expect(socFromFamily(family)).toBe(soc);
  });
});
