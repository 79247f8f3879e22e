import { ruleSuite } from "../core/testing/suite";

ruleSuite("prefer-running-loop", __dirname);
