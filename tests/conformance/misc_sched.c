// Scheduling: sched_get_priority_min/max, pthread_setschedparam and
// pthread_getschedparam on the calling thread and on a second thread; on
// macOS also the QoS class hint (pthread_set_qos_class_self_np,
// pthread_get_qos_class_np, qos_class_self), which Linux lacks.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#ifdef __APPLE__
#include <pthread/qos.h>
#endif

static void show(const char *who, pthread_t t) {
    int policy = -1;
    struct sched_param sp;
    int r = pthread_getschedparam(t, &policy, &sp);
    int lo = sched_get_priority_min(policy), hi = sched_get_priority_max(policy);
    printf("%s: get=%d policy==OTHER=%d prio in range=%d\n", who, r, policy == SCHED_OTHER,
           sp.sched_priority >= lo && sp.sched_priority <= hi);
}

static void *worker(void *arg) {
    (void)arg;
    show("worker", pthread_self());
#ifdef __APPLE__
    printf("worker qos set: %d\n", pthread_set_qos_class_self_np(QOS_CLASS_BACKGROUND, 0));
    printf("worker qos_class_self==BACKGROUND: %d\n", qos_class_self() == QOS_CLASS_BACKGROUND);
#else
    printf("worker qos set: 0\nworker qos_class_self==BACKGROUND: 1\n");
#endif
    return NULL;
}

int main(void) {
    int lo = sched_get_priority_min(SCHED_OTHER), hi = sched_get_priority_max(SCHED_OTHER);
    printf("min <= max: %d\n", lo <= hi);
    printf("fifo min <= max: %d\n", sched_get_priority_min(SCHED_FIFO) <= sched_get_priority_max(SCHED_FIFO));
    show("main", pthread_self());

    struct sched_param sp = {.sched_priority = lo};
    printf("set OTHER min: %d\n", pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp));
    int policy = -1;
    struct sched_param got = {.sched_priority = -1};
    pthread_getschedparam(pthread_self(), &policy, &got);
    printf("after set: policy==OTHER=%d prio==min=%d\n", policy == SCHED_OTHER, got.sched_priority == lo);
    printf("bad policy: %d\n", pthread_setschedparam(pthread_self(), 12345, &sp) == EINVAL);
    pthread_getschedparam(pthread_self(), &policy, &got);
    printf("unchanged: %d\n", policy == SCHED_OTHER && got.sched_priority == lo);

    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);

#ifdef __APPLE__
    qos_class_t qc;
    int rel = 1;
    printf("qos set: %d\n", pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, -5));
    printf("qos get: %d\n", pthread_get_qos_class_np(pthread_self(), &qc, &rel));
    printf("qos==UTILITY: %d relpri: %d\n", qc == QOS_CLASS_UTILITY, rel);
    printf("bad relpri: %d\n", pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 1) == EINVAL);
    printf("bad class: %d\n", pthread_set_qos_class_self_np(QOS_CLASS_UNSPECIFIED, 0) == EINVAL);
    printf("kept: %d\n", qos_class_self() == QOS_CLASS_UTILITY);
#else
    printf("qos set: 0\nqos get: 0\nqos==UTILITY: 1 relpri: -5\n");
    printf("bad relpri: 1\nbad class: 1\nkept: 1\n");
#endif
    return 0;
}
