/**
 * The messaging core: what every face (the MiniMost chat today, the tribune and the boards next)
 * does with messages, on the MessageStore port. Faces keep their wire shapes and parsing to themselves.
 */
export * from "./accounts";
export * from "./read";
export * from "./write";
