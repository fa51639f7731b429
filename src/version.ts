/** wirefeed's version; kept equal to package.json's by a test. Part of the build cache's key. */
export const VERSION = "0.1.0";
