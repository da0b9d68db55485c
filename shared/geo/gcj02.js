// gcoord's own module for GCJ-02, imported from its TypeScript source (which gcoord ships): the
// package's entry is one object holding every system gcoord knows. See gcj02.d.ts.
export { GCJ02ToWGS84, WGS84ToGCJ02 } from 'gcoord/src/crs/GCJ02.ts';
