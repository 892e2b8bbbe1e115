// Spin on CLOCK_MONOTONIC for N seconds; per second, print how much time was lost in gaps > 20 us (the vCPU not
// running this thread: host deschedule, interrupts, other threads). Run one per CPU, pinned.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static long long now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000LL+t.tv_nsec;}
int main(int c,char**v){int secs=atoi(v[1]);long long start=now(),prev=start,sec_end=start+1000000000LL,lost=0;long gaps=0;long long maxgap=0;
 for(;;){long long t=now();long long d=t-prev;prev=t;if(d>20000){lost+=d;gaps++;if(d>maxgap)maxgap=d;}
  if(t>=sec_end){printf("%lld %.1f%% %ld %.2fms\n",(t-start)/1000000000LL,lost/1e7,gaps,maxgap/1e6);fflush(stdout);lost=0;gaps=0;maxgap=0;sec_end+=1000000000LL;if((t-start)/1000000000LL>=secs)break;}}
 return 0;}
