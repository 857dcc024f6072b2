import numpy as np, csv
from scipy.optimize import minimize
from scipy.special import erf, logsumexp
rows=[(float(r['N']),float(r['D']),float(r['loss'])) for r in csv.DictReader(open('chinchilla_runs.csv'))]
rows=np.array(rows); keep=np.sort(np.argsort(rows[:,2])[:-5]); rows=rows[keep]
N,D,L=rows.T; lN,lD,lL=np.log(N),np.log(D),np.log(L)
delta=1e-3
Z=np.sqrt(2*np.pi)*erf(delta/np.sqrt(2))+2*np.exp(-delta**2/2)/delta
def huber(r): a=np.abs(r); return np.where(a<=delta,0.5*r*r,delta*(a-0.5*delta))
def nll(t):
    a,b,e,al,be,s=t
    pred=logsumexp(np.stack([a-al*lN,b-be*lD,np.full_like(lN,e)]),axis=0)
    r=(lL-pred)/np.exp(s)
    return np.sum(huber(r))+len(r)*s+len(r)*np.log(Z)
best=None
import itertools
for a,b,e,al,be in itertools.product([0,5,10,15,20,25],[0,5,10,15,20,25],[-1,-.5,0,.5,1,1.5],[0,.5,1,1.5,2],[0,.5,1,1.5,2]):
    pass
rng=np.random.default_rng(0)
grid=list(itertools.product([0,5,10,15,20,25],[0,5,10,15,20,25],[-1,-.5,0,.5,1,1.5],[0,.5,1,1.5,2],[0,.5,1,1.5,2]))
for i in rng.choice(len(grid),300,replace=False):
    a,b,e,al,be=grid[i]
    for s0 in [np.log(1e-5)]:
        r=minimize(nll,[a,b,e,al,be,s0],method='BFGS')
        if best is None or r.fun<best.fun: best=r
a,b,e,al,be,s=best.x
print("A",np.exp(a),"B",np.exp(b),"E",np.exp(e),"alpha",al,"beta",be,"s",np.exp(s),"nll",best.fun)
