import { ruleSuite } from "../core/testing/suite";

ruleSuite("no-misused-async", __dirname);
