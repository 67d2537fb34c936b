package org.nereid.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** Sent to every other member by {@link ReplicatedFiles}: write this version of a shared file. */
final class ApplyFile implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
    private final FileCopy copy;
    private transient HazelcastInstance hz;

    ApplyFile(FileCopy copy) {
        this.copy = copy;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Boolean call() throws Exception {
        Object files = hz.getUserContext().get(ReplicatedFiles.CONTEXT_KEY);
        if (files instanceof ReplicatedFiles r) {
            r.apply(copy);
            return true;
        }
        return false;
    }
}
