import { defineRule } from "../core/rule";
import { meta } from "./meta";
import { detectGetEventLoopInCoroutine } from "./python";

export default defineRule({ meta, detectors: { python: detectGetEventLoopInCoroutine } });
