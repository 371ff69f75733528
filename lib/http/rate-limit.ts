/**
 * Rate limits (issue 15): every request is counted against its principal (or its address when anonymous)
 * before the handler runs. Placeholder: admits everything.
 */
import "server-only";
import type { Principal } from "@/lib/auth/principal";
import type { RequestHead } from "./route";

export async function admit(_head: RequestHead, _principal: Principal | null): Promise<void> {}
