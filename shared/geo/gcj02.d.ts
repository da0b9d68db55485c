/**
 * The two functions of gcoord's GCJ-02 module (`gcoord/src/crs/GCJ02.ts`), which shared/geo/coordinates.ts
 * uses instead of the package's entry: that entry is one object holding every system gcoord knows
 * (BD-09 and its Mercator tables, EPSG:3857), 7.5 KiB minified against under 1 KiB for these two.
 *
 * Why a JavaScript file with these declarations rather than an import from TypeScript: the compiler
 * would type-check gcoord's source under this repository's stricter settings and fail on it
 * (`verbatimModuleSyntax`, `noUncheckedIndexedAccess`); bundlers, vitest and tsx read gcj02.js and
 * compile gcoord's source as they find it. test/unit/coordinates.test.ts holds both functions to
 * `gcoord.transform`, so an upgrade that moves or changes them fails there.
 */

/** A GCJ-02 point to WGS-84, as [lng, lat] (longitude first, as GeoJSON); points outside China unchanged. */
export declare function GCJ02ToWGS84(coord: readonly [number, number]): [number, number];
/** A WGS-84 point to GCJ-02, as [lng, lat] (longitude first, as GeoJSON); points outside China unchanged. */
export declare function WGS84ToGCJ02(coord: readonly [number, number]): [number, number];
