// Every `t("…")` key and every locale is checked by the compiler against the English catalogue.
import type { Messages } from "./catalog";
import type { Locale } from "./locales";

declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
