// getifaddrs and the interface-name calls: the loopback interface's IPv4
// entry (address, netmask, flags), one link-layer entry per interface
// (AF_LINK on macOS, AF_PACKET on Linux), if_nametoindex/if_indextoname
// round trips and if_nameindex.
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#ifdef __APPLE__
#include <net/if_dl.h>
#define AF_LINKLAYER AF_LINK
#else
#define AF_LINKLAYER AF_PACKET
#include <linux/if_packet.h>
#endif

int main(void) {
    struct ifaddrs *list;
    printf("getifaddrs: %d\n", getifaddrs(&list));
    int links = 0, lo4 = 0;
    char loname[IF_NAMESIZE] = "";
    for (struct ifaddrs *i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr) continue;
        if (i->ifa_addr->sa_family == AF_LINKLAYER) links++;
        if (i->ifa_addr->sa_family != AF_INET) continue;
        struct sockaddr_in *a = (struct sockaddr_in *)i->ifa_addr;
        if (ntohl(a->sin_addr.s_addr) != INADDR_LOOPBACK) continue;
        lo4++;
        snprintf(loname, sizeof loname, "%s", i->ifa_name);
        char mask[16] = "-";
        if (i->ifa_netmask)
            inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, mask, sizeof mask);
        printf("loopback v4: netmask=%s up=%d loopback=%d running=%d broadcast=%d data_null=%d\n", mask,
               !!(i->ifa_flags & IFF_UP), !!(i->ifa_flags & IFF_LOOPBACK), !!(i->ifa_flags & IFF_RUNNING),
               !!(i->ifa_flags & IFF_BROADCAST), i->ifa_data == NULL);
#ifdef __APPLE__
        printf("sin_len ok: %d\n", a->sin_len == sizeof *a);
#else
        printf("sin_len ok: 1\n");
#endif
    }
    printf("loopback v4 entries: %d link entries: %d\n", lo4, links > 0);
    // Each interface's link entry comes before its addresses, and names the
    // interface's index.
    int ordered = 1, index_ok = 1;
    for (struct ifaddrs *i = list; i; i = i->ifa_next) {
        if (!i->ifa_addr) continue;
        if (i->ifa_addr->sa_family == AF_LINKLAYER) {
#ifdef __APPLE__
            struct sockaddr_dl *d = (struct sockaddr_dl *)i->ifa_addr;
            unsigned index = d->sdl_index;
            if (d->sdl_nlen != strlen(i->ifa_name) || memcmp(d->sdl_data, i->ifa_name, d->sdl_nlen) != 0)
                index_ok = 0;
            if (i->ifa_data == NULL) index_ok = 0;
#else
            unsigned index = ((struct sockaddr_ll *)i->ifa_addr)->sll_ifindex;
#endif
            if (index != if_nametoindex(i->ifa_name)) index_ok = 0;
            continue;
        }
        int link_after = 0, passed = 0;
        for (struct ifaddrs *j = list; j; j = j->ifa_next) {
            if (j == i) passed = 1;
            if (passed && j->ifa_addr && j->ifa_addr->sa_family == AF_LINKLAYER &&
                strcmp(j->ifa_name, i->ifa_name) == 0)
                link_after = 1;
        }
        if (link_after) ordered = 0;
    }
    printf("link entries name their index: %d\n", index_ok);
    printf("ordered: %d\n", ordered);
    freeifaddrs(list);

    unsigned idx = if_nametoindex(loname);
    printf("if_nametoindex(loopback) > 0: %d\n", idx > 0);
    char back[IF_NAMESIZE];
    printf("if_indextoname round trip: %d\n", if_indextoname(idx, back) && strcmp(back, loname) == 0);
    errno = 0;
    printf("unknown name: %u\n", if_nametoindex("nosuchif0"));
    errno = 0;
    printf("unknown index: %d errno==ENXIO: %d\n", if_indextoname(99999, back) == NULL, errno == ENXIO);
    struct if_nameindex *ni = if_nameindex();
    int found = 0, count = 0;
    for (struct if_nameindex *p = ni; p && p->if_index; p++, count++)
        if (p->if_index == idx && strcmp(p->if_name, loname) == 0) found = 1;
    printf("if_nameindex: some=%d has loopback=%d\n", count > 0, found);
    if_freenameindex(ni);
    return 0;
}
