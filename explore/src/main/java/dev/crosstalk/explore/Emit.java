package dev.crosstalk.explore;

/**
 * One event a run tried to emit: which run of which user, its sequence number in the run, the thread it
 * was addressed to (null: the whole user), and how the manager answered (accepted, or refused loudly with
 * an exception). {@code runThread} is the conversation thread the run belongs to.
 */
record Emit(String run, String user, String runThread, String thread, int seq, boolean accepted, String refusal) {

    String describe() {
        return "event " + seq + " of run " + run + " of user " + user;
    }
}
