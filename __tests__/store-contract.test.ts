// The MessageStore contract (helpers/store-contract.ts), run against each implementation.
import { SqliteMessageStore } from "@/lib/messages/sqlite";
import { registerAccount } from "./helpers/accounts";
import { describeStoreContract } from "./helpers/store-contract";


describeStoreContract("SQLite", async () => ({ store: new SqliteMessageStore(), register: registerAccount }));
