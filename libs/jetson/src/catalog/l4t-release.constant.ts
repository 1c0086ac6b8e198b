/** ✔ seen in a capture · ~ single/secondary source · ? unverified (reference legend). */
export type L4tConfidence = 'confirmed' | 'single_source' | 'unverified';

export interface L4tInfo {
  jetpack: string | null;
  tensorrt: string | null;
  cuda: string | null;
  confidence: L4tConfidence;
}

/**
 * L4T → JetPack / default TensorRT / CUDA (reference §1.3). Keys are three-part versions;
 * a key `35.5` stands for the whole 35.5.x line when no exact entry exists, `38` for all of r38.
 */
export const L4T_RELEASES: Readonly<Record<string, L4tInfo>> = {
  '32.6.1': { jetpack: '4.6', tensorrt: '8.0.1', cuda: '10.2', confidence: 'single_source' },
  '32.7.1': { jetpack: '4.6.1', tensorrt: '8.2.1', cuda: '10.2', confidence: 'confirmed' },
  '32.7.2': { jetpack: '4.6.2', tensorrt: '8.2.1', cuda: '10.2', confidence: 'confirmed' },
  '32.7.3': { jetpack: '4.6.3', tensorrt: '8.2.1', cuda: '10.2', confidence: 'confirmed' },
  '32.7.4': { jetpack: '4.6.4', tensorrt: '8.2.1', cuda: '10.2', confidence: 'confirmed' },
  '32.7.5': { jetpack: '4.6.5', tensorrt: '8.2.1', cuda: '10.2', confidence: 'single_source' },
  '34.1': { jetpack: '5.0 DP', tensorrt: '8.4.0 EA', cuda: '11.4', confidence: 'confirmed' },
  '35.1': { jetpack: '5.0.2', tensorrt: '8.4.1', cuda: '11.4', confidence: 'unverified' },
  '35.2.1': { jetpack: '5.1', tensorrt: '8.5.2', cuda: '11.4', confidence: 'confirmed' },
  '35.3.1': { jetpack: '5.1.1', tensorrt: '8.5.2', cuda: '11.4', confidence: 'confirmed' },
  '35.4.1': { jetpack: '5.1.2', tensorrt: '8.5.2', cuda: '11.4', confidence: 'confirmed' },
  '35.5': { jetpack: '5.1.3', tensorrt: '8.5.2', cuda: '11.4', confidence: 'confirmed' },
  // The reference says "35.6 → 5.1.4–5.1.5"; the split by patch is an assumption.
  '35.6': { jetpack: '5.1.4', tensorrt: '8.5.2', cuda: '11.4', confidence: 'confirmed' },
  '35.6.1': { jetpack: '5.1.5', tensorrt: '8.5.2', cuda: '11.4', confidence: 'single_source' },
  '36.2': { jetpack: '6.0 DP', tensorrt: '8.6.2', cuda: '12.2', confidence: 'unverified' },
  '36.3': { jetpack: '6.0', tensorrt: '8.6.2', cuda: '12.2', confidence: 'unverified' },
  '36.4': { jetpack: '6.1', tensorrt: '10.3.0', cuda: '12.6', confidence: 'confirmed' },
  '36.4.3': { jetpack: '6.2', tensorrt: '10.3.0', cuda: '12.6', confidence: 'single_source' },
  '36.4.4': { jetpack: '6.2.1', tensorrt: '10.3.0', cuda: '12.6', confidence: 'single_source' },
  '36.4.7': { jetpack: '6.2.1', tensorrt: null, cuda: null, confidence: 'single_source' },
  '36.5': { jetpack: null, tensorrt: null, cuda: null, confidence: 'unverified' },
  '38': { jetpack: '7.0', tensorrt: null, cuda: null, confidence: 'single_source' },
  // 10.16.2 was seen in an OE4T build, not necessarily the JetPack default.
  '39.2': { jetpack: '7.2', tensorrt: '10.16.2', cuda: null, confidence: 'single_source' },
};
