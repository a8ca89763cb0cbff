import com.sun.tools.attach.VirtualMachine;

/**
 * Loads async-profiler into a running JVM with its options passed verbatim ({@code jcmd JVMTI.agent_load} splits
 * them at '='): {@code BenchProfile <pid> <libasyncProfiler.so> start,event=itimer,interval=2ms}, later
 * {@code ... stop,collapsed,file=<path>}.
 */
public final class BenchProfile {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BenchProfile <pid> <agent library> <options>");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
