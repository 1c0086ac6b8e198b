/** Device-tree strings are NUL-terminated (lists are NUL-separated); strip NULs and surrounding space. */
export const cleanDeviceTreeString = (raw: string): string => raw.replace(/\0+$/g, '').replace(/\0/g, ' ').trim();

/** `/proc/device-tree/compatible` → its entries, e.g. ['nvidia,p3768-0000+p3767-0000', 'nvidia,tegra234']. */
export const splitDeviceTreeList = (raw: string): string[] =>
  raw
    .split('\0')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
